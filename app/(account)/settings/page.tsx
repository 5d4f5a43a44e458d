import { redirect } from "next/navigation";

// Settings hold one page so far: the wallet's API keys.
export default function SettingsPage() {
  redirect("/settings/api-keys");
}

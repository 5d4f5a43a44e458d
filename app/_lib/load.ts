import { notFound } from "next/navigation";
import { isAppError } from "@/lib/errors";

/** Awaits a service call and turns its NOT_FOUND into the app's 404 page; other errors go to error.tsx. */
export async function orNotFound<T>(promise: Promise<T>): Promise<T> {
  try {
    return await promise;
  } catch (error) {
    if (isAppError(error) && error.code === "NOT_FOUND") notFound();
    throw error;
  }
}

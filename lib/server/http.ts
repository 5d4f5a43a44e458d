import "server-only";
import { NextResponse } from "next/server";
import { ZodError, z } from "zod";
import { AppError, isAppError } from "@/lib/errors";

export type ErrorBody = { error: { code: string; message: string; details?: Record<string, unknown> } };

/** Maps any thrown value to the JSON error response users see; the cause goes to the log, never to the client. */
export function errorResponse(error: unknown): NextResponse<ErrorBody> {
  const appError = toAppError(error);
  if (appError.status >= 500) console.error("[api]", appError.message, appError.cause ?? "");
  const retryAfter = appError.details?.retryAfterSeconds;
  return NextResponse.json(
    { error: { code: appError.code, message: appError.message, ...(appError.details ? { details: appError.details } : {}) } },
    { status: appError.status, headers: typeof retryAfter === "number" ? { "Retry-After": String(retryAfter) } : undefined },
  );
}

export function toAppError(error: unknown): AppError {
  if (isAppError(error)) return error;
  if (error instanceof ZodError) {
    return new AppError("VALIDATION", "Some fields are invalid.", {
      cause: error,
      details: { fieldErrors: z.flattenError(error).fieldErrors },
    });
  }
  return new AppError("INTERNAL", "Something went wrong on our side. Please try again.", { cause: error });
}

/** Wraps a route handler so every failure becomes a typed JSON error with the right status. */
export function route<Args extends unknown[]>(handler: (...args: Args) => Promise<Response>) {
  return async (...args: Args): Promise<Response> => {
    try {
      return await handler(...args);
    } catch (error) {
      return errorResponse(error);
    }
  };
}

/** Reads a JSON body; a body that is not JSON is the client's mistake (400), not ours. */
export async function readJson(request: Request): Promise<unknown> {
  try {
    return await request.json();
  } catch (cause) {
    throw new AppError("BAD_REQUEST", "The request body must be JSON.", { cause });
  }
}

/**
 * Refuses a body that is not declared as JSON with 415. A cross-site HTML form cannot send application/json, and a
 * cross-site fetch that does must pass a CORS preflight this app never grants.
 */
export function requireJsonContentType(request: Request): void {
  const type = request.headers.get("content-type")?.split(";")[0]?.trim().toLowerCase();
  if (type !== "application/json") {
    throw new AppError("UNSUPPORTED_MEDIA_TYPE", "Send the request body as JSON with 'Content-Type: application/json'.");
  }
}

/**
 * The caller's address for per-client limits: the last X-Forwarded-For entry, which is the one the nearest proxy
 * appended (`next start` fills the header from the socket when a client sent none). Behind no proxy a client can
 * choose its own header, so production deployments put an appending proxy (nginx, a load balancer) in front.
 */
export function clientAddress(request: Request): string {
  const forwarded = request.headers.get("x-forwarded-for");
  const last = forwarded?.split(",").map((s) => s.trim()).filter(Boolean).at(-1);
  return last ?? request.headers.get("x-real-ip") ?? "unknown";
}

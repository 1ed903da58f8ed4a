import { handlers } from "@/lib/auth/auth";
import { sameOriginOnly } from "@/lib/security/same-origin";

export const GET = handlers.GET;
export const POST = sameOriginOnly(handlers.POST);

import Link from "next/link";
import type { User } from "@/lib/auth/users";
import { Logo } from "./logo";
import { SourceLink } from "./source-link";
import { UserMenu } from "./user-menu";

export function AppHeader({ user }: { user: Pick<User, "name" | "email" | "role"> }) {
  return (
    <header data-site-header className="border-b border-slate-200 bg-white">
      <div className="mx-auto flex h-14 max-w-6xl items-center gap-6 px-4 sm:px-6">
        <Link href="/" aria-label="VPC Lab home" className="text-slate-900">
          <Logo className="text-lg" />
        </Link>
        <nav aria-label="Main" className="flex items-center gap-1 text-sm">
          <Link href="/" className="rounded-md px-3 py-1.5 text-slate-700 hover:bg-slate-100">
            Labs
          </Link>
          <Link href="/access-keys" className="rounded-md px-3 py-1.5 text-slate-700 hover:bg-slate-100">
            Access keys
          </Link>
          <Link href="/classes" className="rounded-md px-3 py-1.5 text-slate-700 hover:bg-slate-100">
            Classes
          </Link>
          {user.role === "instructor" ? (
            <Link href="/people" className="rounded-md px-3 py-1.5 text-slate-700 hover:bg-slate-100">
              People
            </Link>
          ) : null}
        </nav>
        <div className="ml-auto flex items-center gap-4">
          <SourceLink />
          <UserMenu name={user.name} email={user.email} role={user.role} />
        </div>
      </div>
    </header>
  );
}

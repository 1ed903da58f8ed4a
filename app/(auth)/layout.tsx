import { Logo } from "@/components/ui/logo";
import { SourceLink } from "@/components/ui/source-link";

export default function AuthLayout({ children }: { children: React.ReactNode }) {
  return (
    <main className="flex min-h-screen items-center justify-center px-4 py-10">
      <div className="w-full max-w-md space-y-6">
        <div className="text-center">
          <Logo className="text-2xl text-slate-900" />
          <p className="mt-2 text-sm text-slate-600">Learn AWS networking by building it.</p>
        </div>
        <div className="rounded-xl border border-slate-200 bg-white p-6 shadow-sm sm:p-8">{children}</div>
        <p className="text-center">
          <SourceLink />
        </p>
      </div>
    </main>
  );
}

import Link from "next/link";

export default function NotFound() {
  return (
    <main className="mx-auto max-w-2xl px-4 py-16">
      <h1 className="text-2xl font-semibold text-slate-900">There is no such page</h1>
      <p className="mt-3 text-base text-slate-700">The address may be mistyped, or the lab it pointed to does not exist.</p>
      <Link href="/" className="mt-6 inline-block rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700">
        Back to the labs
      </Link>
    </main>
  );
}

export function Logo({ className = "" }: { className?: string }) {
  return (
    <span className={`inline-flex items-center gap-2 font-semibold tracking-tight ${className}`}>
      <svg aria-hidden="true" viewBox="0 0 32 32" className="h-7 w-7">
        <rect width="32" height="32" rx="7" fill="#1f68b5" />
        <rect x="5" y="8" width="9" height="16" rx="2" fill="none" stroke="#fff" strokeWidth="2" />
        <rect x="18" y="8" width="9" height="16" rx="2" fill="none" stroke="#fff" strokeWidth="2" />
        <path d="M14 16h4" stroke="#fff" strokeWidth="2" />
      </svg>
      VPC Lab
    </span>
  );
}

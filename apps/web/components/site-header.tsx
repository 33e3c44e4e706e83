import Link from 'next/link';

const NAV = [
  { href: '/', label: 'Home' },
  { href: '/projects', label: 'Projects' },
  { href: '/assistant', label: 'Assistant' },
  { href: '/contact', label: 'Contact' },
  { href: '/api-reference', label: 'API' },
] as const;

export function SiteHeader() {
  return (
    <header className="site-header">
      <a className="skip-link" href="#content">
        Skip to content
      </a>
      <nav aria-label="Main">
        <Link href="/" className="brand">
          Skyport
        </Link>
        <ul>
          {NAV.slice(1).map((item) => (
            <li key={item.href}>
              <Link href={item.href}>{item.label}</Link>
            </li>
          ))}
          <li>
            <Link href="/login">Sign in</Link>
          </li>
        </ul>
      </nav>
    </header>
  );
}

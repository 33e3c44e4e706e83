import { FeaturedProjects } from '../components/featured-projects';
import { PROFILE } from '../content/profile';

export default function HomePage() {
  return (
    <>
      <section aria-labelledby="profile-name" className="profile">
        <h1 id="profile-name">{PROFILE.name}</h1>
        <p className="lead">{PROFILE.role}</p>
        <p>{PROFILE.intro}</p>
        <p>
          {PROFILE.links.map((link) => (
            <a key={link.href} href={link.href} className="button">
              {link.label}
            </a>
          ))}
        </p>
      </section>
      <section aria-labelledby="featured">
        <h2 id="featured">Featured projects</h2>
        <FeaturedProjects />
        <p>
          <a href="/projects">Every project</a>
        </p>
      </section>
    </>
  );
}

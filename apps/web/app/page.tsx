export default function HomePage() {
  return (
    <main>
      <h1>Skyport</h1>
      <p>Projects, notes and a way to get in touch. The full site arrives with the web issue.</p>
    </main>
  );
}

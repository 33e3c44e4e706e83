import type { Metadata } from 'next';
import { ContactForm } from '../../components/contact-form';

export const metadata: Metadata = {
  title: 'Contact',
  description: 'Send a message; it is answered by e-mail.',
};

export default function ContactPage() {
  return (
    <>
      <h1>Contact</h1>
      <p>Write a few lines about what you have in mind; every field is required.</p>
      <ContactForm />
    </>
  );
}

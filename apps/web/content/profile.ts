/**
 * The owner's profile on the home page: edit and rebuild. It is static text, shipped in the HTML,
 * so the page needs no API call to show who this is.
 */
export const PROFILE = {
  name: 'Skyport',
  role: 'Software engineer shipping products on AWS',
  intro:
    'I build web products end to end: the API, the site, and the infrastructure they run on. ' +
    'Below are a few things I have shipped; the assistant can tell you more about any of them.',
  links: [{ label: 'Get in touch', href: '/contact' }],
} as const;

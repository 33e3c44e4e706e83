import type { Metadata } from 'next';
import { AssistantChat } from '../../components/assistant-chat';

export const metadata: Metadata = {
  title: 'Assistant',
  description: 'Ask the assistant about the published projects.',
};

export default function AssistantPage() {
  return (
    <>
      <h1>Assistant</h1>
      <p>
        Ask about the projects on this site. Answers come from a language model and can be wrong.
      </p>
      <AssistantChat />
    </>
  );
}

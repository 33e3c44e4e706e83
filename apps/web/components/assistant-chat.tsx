'use client';

import { useRef, useState, type FormEvent } from 'react';
import { apiFetch } from '../lib/api-client';
import { ApiError } from '../lib/api-error';
import { readServerSentEvents } from '../lib/server-sent-events';

interface Message {
  readonly role: 'user' | 'assistant';
  readonly content: string;
}

type Status =
  | { readonly state: 'idle' }
  | { readonly state: 'answering' }
  | { readonly state: 'failed'; readonly message: string }
  | { readonly state: 'stopped' };

/**
 * The assistant: the answer is shown as the API streams it (server-sent events), can be stopped,
 * and a failed or stopped answer can be asked again. The API's own error message is shown as it is.
 */
export function AssistantChat() {
  const [messages, setMessages] = useState<readonly Message[]>([]);
  const [answer, setAnswer] = useState('');
  const [status, setStatus] = useState<Status>({ state: 'idle' });
  const controller = useRef<AbortController | undefined>(undefined);
  const input = useRef<HTMLTextAreaElement>(null);

  async function ask(conversation: readonly Message[]) {
    controller.current = new AbortController();
    setMessages(conversation);
    setAnswer('');
    setStatus({ state: 'answering' });
    let text = '';
    try {
      const response = await apiFetch('/assistant/chat', {
        method: 'POST',
        body: { messages: conversation },
        signal: controller.current.signal,
      });
      if (!response.body) throw new ApiError(502, ['The answer arrived without a body.']);
      for await (const event of readServerSentEvents(response.body)) {
        if (event.event === 'delta') {
          text += (event.data as { text?: string }).text ?? '';
          setAnswer(text);
        } else if (event.event === 'error') {
          throw new ApiError(Number((event.data as { statusCode?: number }).statusCode ?? 502), [
            String((event.data as { message?: string }).message ?? 'The assistant failed.'),
          ]);
        }
      }
      setMessages([...conversation, { role: 'assistant', content: text }]);
      setAnswer('');
      setStatus({ state: 'idle' });
    } catch (error) {
      if ((error as Error).name === 'AbortError') {
        setStatus({ state: 'stopped' });
      } else {
        setStatus({ state: 'failed', message: (error as Error).message });
      }
    } finally {
      controller.current = undefined;
    }
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const content = input.current?.value.trim() ?? '';
    if (content === '' || status.state === 'answering') return;
    if (input.current) input.current.value = '';
    void ask([...messages, { role: 'user', content }]);
  }

  const answering = status.state === 'answering';
  const canRetry =
    (status.state === 'failed' || status.state === 'stopped') && messages.at(-1)?.role === 'user';
  return (
    <div className="chat">
      <ol className="conversation" aria-live="polite" aria-label="Conversation">
        {messages.map((message, index) => (
          <li key={index} className={`bubble ${message.role}`}>
            <span className="who">{message.role === 'user' ? 'You' : 'Assistant'}</span>
            <p>{message.content}</p>
          </li>
        ))}
        {answering || (status.state === 'stopped' && answer) ? (
          <li className="bubble assistant">
            <span className="who">Assistant</span>
            <p>{answer || 'Thinking…'}</p>
          </li>
        ) : null}
      </ol>
      {status.state === 'failed' ? (
        <div role="alert" className="notice error">
          <p>The assistant could not answer: {status.message}</p>
        </div>
      ) : null}
      {status.state === 'stopped' ? <p role="status">Stopped.</p> : null}
      <form onSubmit={submit} className="form">
        <div className="field">
          <label htmlFor="question">Your question</label>
          <textarea
            id="question"
            ref={input}
            rows={3}
            maxLength={4000}
            placeholder="What has the owner built with NestJS?"
          />
        </div>
        <p>
          <button type="submit" disabled={answering}>
            Ask
          </button>{' '}
          {answering ? (
            <button type="button" className="secondary" onClick={() => controller.current?.abort()}>
              Stop
            </button>
          ) : null}
          {canRetry ? (
            <button type="button" className="secondary" onClick={() => void ask(messages)}>
              Retry
            </button>
          ) : null}
        </p>
      </form>
    </div>
  );
}

'use client';

import { useCallback, useEffect, useState } from 'react';
import { ApiError } from '../lib/api-error';
import { formatDate, type Project, type ProjectPage, type ProjectSummary } from '../lib/projects';
import { SessionProvider, useSession } from '../lib/session';
import { ProjectEditor, type ProjectInput } from './project-editor';
import { ErrorNotice, Loading } from './status';

export function Dashboard() {
  return (
    <SessionProvider>
      <SignedInDashboard />
    </SessionProvider>
  );
}

function SignedInDashboard() {
  const { session, signOut } = useSession();
  if (session.state === 'checking') return <Loading label="Checking your session…" />;
  if (session.state === 'signed-out') {
    return (
      <>
        <h1>Dashboard</h1>
        <p role="status">{session.reason ?? 'You are not signed in.'}</p>
        <p>
          <a href="/login" className="button">
            Sign in
          </a>
        </p>
      </>
    );
  }
  if (session.profile.role !== 'owner') {
    return (
      <>
        <h1>Dashboard</h1>
        <p>
          Signed in as {session.profile.email}, who is not the site’s owner: there is nothing to
          manage here.
        </p>
        <button type="button" onClick={() => void signOut()}>
          Sign out
        </button>
      </>
    );
  }
  return (
    <>
      <div className="dashboard-head">
        <h1>Dashboard</h1>
        <p>
          Signed in as {session.profile.email}{' '}
          <button type="button" className="secondary" onClick={() => void signOut()}>
            Sign out
          </button>
        </p>
      </div>
      <ProjectsPanel />
      <MessagesPanel />
    </>
  );
}

type Editing =
  | { readonly mode: 'none' }
  | { readonly mode: 'new' }
  | { readonly mode: 'edit'; readonly project: Project };

function ProjectsPanel() {
  const { call } = useSession();
  const [projects, setProjects] = useState<readonly ProjectSummary[] | ApiError | undefined>(
    undefined,
  );
  const [editing, setEditing] = useState<Editing>({ mode: 'none' });
  const [notice, setNotice] = useState<string>('');

  const load = useCallback(() => {
    call<ProjectPage>('/projects?includeDrafts=true&pageSize=100').then(
      (page) => setProjects(page.items),
      (error: unknown) =>
        setProjects(
          error instanceof ApiError ? error : new ApiError(0, [(error as Error).message]),
        ),
    );
  }, [call]);
  useEffect(load, [load]);

  async function save(input: ProjectInput) {
    if (editing.mode === 'edit') {
      await call(`/projects/${editing.project.slug}`, { method: 'PATCH', body: input });
      setNotice(`Saved “${input.title}”.`);
    } else {
      await call('/projects', { method: 'POST', body: input });
      setNotice(`Created “${input.title}” as a draft: publish it to show it on the site.`);
    }
    setEditing({ mode: 'none' });
    load();
  }

  async function act(project: ProjectSummary, action: 'publish' | 'unpublish' | 'delete') {
    try {
      if (action === 'delete') {
        if (!window.confirm(`Delete “${project.title}”? This cannot be undone.`)) return;
        await call(`/projects/${project.slug}`, { method: 'DELETE' });
        setNotice(`Deleted “${project.title}”.`);
      } else {
        const publishedAt = action === 'publish' ? new Date().toISOString() : null;
        await call(`/projects/${project.slug}`, { method: 'PATCH', body: { publishedAt } });
        setNotice(
          action === 'publish'
            ? `Published “${project.title}”.`
            : `“${project.title}” is a draft again.`,
        );
      }
      load();
    } catch (error) {
      setNotice(`Could not ${action} “${project.title}”: ${(error as Error).message}`);
    }
  }

  async function edit(project: ProjectSummary) {
    try {
      setEditing({
        mode: 'edit',
        project: await call<Project>(`/projects/${project.slug}?includeDrafts=true`),
      });
    } catch (error) {
      setNotice(`Could not open “${project.title}”: ${(error as Error).message}`);
    }
  }

  return (
    <section aria-labelledby="projects-heading">
      <h2 id="projects-heading">Projects</h2>
      <p role="status" className="status">
        {notice}
      </p>
      {editing.mode === 'none' ? (
        <p>
          <button type="button" onClick={() => setEditing({ mode: 'new' })}>
            New project
          </button>
        </p>
      ) : (
        <ProjectEditor
          key={editing.mode === 'edit' ? editing.project.id : 'new'}
          project={editing.mode === 'edit' ? editing.project : undefined}
          onSave={save}
          onCancel={() => setEditing({ mode: 'none' })}
        />
      )}
      {projects === undefined ? (
        <Loading label="Loading projects…" />
      ) : projects instanceof ApiError ? (
        <ErrorNotice onRetry={load}>Projects could not be loaded: {projects.message}</ErrorNotice>
      ) : projects.length === 0 ? (
        <p className="status">No projects yet: create the first one.</p>
      ) : (
        <table className="manage">
          <thead>
            <tr>
              <th scope="col">project</th>
              <th scope="col">state</th>
              <th scope="col">actions</th>
            </tr>
          </thead>
          <tbody>
            {projects.map((project) => (
              <tr key={project.id}>
                <td>
                  <strong>{project.title}</strong>
                  <br />
                  <code>/projects/{project.slug}</code>
                </td>
                <td>
                  {project.publishedAt === null
                    ? 'draft'
                    : `published ${formatDate(project.publishedAt)}`}
                </td>
                <td className="actions">
                  <button
                    type="button"
                    className="secondary"
                    onClick={() => void edit(project)}
                    aria-label={`Edit ${project.title}`}
                  >
                    Edit
                  </button>
                  {project.publishedAt === null ? (
                    <button
                      type="button"
                      onClick={() => void act(project, 'publish')}
                      aria-label={`Publish ${project.title}`}
                    >
                      Publish
                    </button>
                  ) : (
                    <button
                      type="button"
                      className="secondary"
                      onClick={() => void act(project, 'unpublish')}
                      aria-label={`Unpublish ${project.title}`}
                    >
                      Unpublish
                    </button>
                  )}
                  <button
                    type="button"
                    className="secondary"
                    onClick={() => void act(project, 'delete')}
                    aria-label={`Delete ${project.title}`}
                  >
                    Delete
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

interface MessagePage {
  readonly items: ReadonlyArray<{
    readonly id: string;
    readonly name: string;
    readonly email: string;
    readonly message: string;
    readonly receivedAt: string;
    readonly notifiedAt: string | null;
  }>;
  readonly total: number;
}

function MessagesPanel() {
  const { call } = useSession();
  const [messages, setMessages] = useState<MessagePage | ApiError | undefined>(undefined);
  const load = useCallback(() => {
    call<MessagePage>('/contact/messages?pageSize=50').then(setMessages, (error: unknown) =>
      setMessages(error instanceof ApiError ? error : new ApiError(0, [(error as Error).message])),
    );
  }, [call]);
  useEffect(load, [load]);
  return (
    <section aria-labelledby="messages-heading">
      <h2 id="messages-heading">Messages</h2>
      {messages === undefined ? (
        <Loading label="Loading messages…" />
      ) : messages instanceof ApiError ? (
        <ErrorNotice onRetry={load}>Messages could not be loaded: {messages.message}</ErrorNotice>
      ) : messages.items.length === 0 ? (
        <p className="status">No messages yet.</p>
      ) : (
        <>
          <p className="status">
            {messages.total} {messages.total === 1 ? 'message' : 'messages'}, newest first.
          </p>
          {messages.items.map((item) => (
            <article key={item.id} className="card message">
              <h3>
                {item.name} <span className="meta">&lt;{item.email}&gt;</span>
              </h3>
              <p className="meta">
                Received{' '}
                <time dateTime={item.receivedAt}>
                  {new Date(item.receivedAt).toLocaleString('en-GB', { timeZone: 'UTC' })} UTC
                </time>
                {item.notifiedAt ? ' · you were notified' : ' · notification pending'}
              </p>
              <p className="message-text">{item.message}</p>
            </article>
          ))}
        </>
      )}
    </section>
  );
}

'use client';

import { useState, type FormEvent } from 'react';
import type { Project } from '../lib/projects';
import { formText, TextField } from './contact-form';
import { FormErrors, useFieldErrors } from './form-errors';

const FIELDS = ['slug', 'title', 'summary', 'body', 'tags', 'url'] as const;

export interface ProjectInput {
  readonly slug: string;
  readonly title: string;
  readonly summary: string;
  readonly body: string;
  readonly tags: string[];
  readonly url: string | null;
}

/** Creates a project (no `project`) or edits one; the API's messages appear at their fields. */
export function ProjectEditor({
  project,
  onSave,
  onCancel,
}: {
  readonly project?: Project;
  readonly onSave: (input: ProjectInput) => Promise<void>;
  readonly onCancel: () => void;
}) {
  const { errors, general, report } = useFieldErrors(FIELDS);
  const [saving, setSaving] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const url = formText(data, 'url').trim();
    setSaving(true);
    try {
      await onSave({
        slug: formText(data, 'slug').trim(),
        title: formText(data, 'title'),
        summary: formText(data, 'summary'),
        body: formText(data, 'body'),
        tags: formText(data, 'tags')
          .split(',')
          .map((tag) => tag.trim())
          .filter(Boolean),
        url: url === '' ? null : url,
      });
    } catch (error) {
      report(error, form);
      setSaving(false);
    }
  }

  return (
    <form
      onSubmit={(event) => void submit(event)}
      noValidate
      className="form card"
      aria-label={project ? `Edit ${project.title}` : 'New project'}
    >
      <h3>{project ? `Edit “${project.title}”` : 'New project'}</h3>
      <FormErrors messages={general} />
      <TextField name="title" label="Title" defaultValue={project?.title} error={errors.title} />
      <TextField
        name="slug"
        label="Slug"
        hint="The address: /projects/<slug>. Lower-case letters and digits joined by hyphens."
        defaultValue={project?.slug}
        error={errors.slug}
      />
      <TextField
        name="summary"
        label="Summary"
        defaultValue={project?.summary}
        error={errors.summary}
      />
      <TextField
        name="body"
        label="Description (Markdown)"
        multiline
        defaultValue={project?.body}
        error={errors.body}
      />
      <TextField
        name="tags"
        label="Tags"
        hint="Separated by commas."
        defaultValue={project?.tags.join(', ')}
        error={errors.tags}
      />
      <TextField
        name="url"
        label="Link"
        type="url"
        defaultValue={project?.url ?? ''}
        error={errors.url}
      />
      <p>
        <button type="submit" disabled={saving}>
          {saving ? 'Saving…' : 'Save'}
        </button>{' '}
        <button type="button" className="secondary" onClick={onCancel}>
          Cancel
        </button>
      </p>
    </form>
  );
}

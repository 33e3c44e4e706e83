import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Metadata } from 'next';
import { API_URL } from '../../lib/api-client';
import { operationsByTag, typeName, type OpenApiDocument } from '../../lib/openapi';

export const metadata: Metadata = {
  title: 'API reference',
  description: 'Every endpoint of the Skyport API, from its OpenAPI document.',
};

/** Read at build time: the page is plain HTML, and the document is the one the API serves at /docs. */
function readDocument(): OpenApiDocument {
  const file = path.join(process.cwd(), '..', 'api', 'openapi.json');
  return JSON.parse(readFileSync(file, 'utf8')) as OpenApiDocument;
}

export default function ApiReferencePage() {
  const document = readDocument();
  const groups = operationsByTag(document);
  const schemas = document.components?.schemas ?? {};
  return (
    <div className="api-reference">
      <h1>API reference</h1>
      <p>
        {document.info.description} Base address: <code>{API_URL}</code>. The same document as JSON:{' '}
        <a href={`${API_URL}/docs`}>{`${API_URL}/docs`}</a>.
      </p>
      <nav aria-label="Endpoints">
        <ul>
          {[...groups.keys()].map((tag) => (
            <li key={tag}>
              <a href={`#${tag}`}>{tag}</a>
            </li>
          ))}
          <li>
            <a href="#schemas">schemas</a>
          </li>
        </ul>
      </nav>
      {[...groups].map(([tag, operations]) => (
        <section key={tag} aria-labelledby={tag}>
          <h2 id={tag}>{tag}</h2>
          {operations.map((operation) => (
            <article key={operation.id} id={operation.id} className="operation">
              <h3>
                <span className={`method method-${operation.method.toLowerCase()}`}>
                  {operation.method}
                </span>{' '}
                <code>{operation.path}</code>
                {operation.authenticated ? <span className="badge">bearer token</span> : null}
              </h3>
              {operation.summary ? <p>{operation.summary}</p> : null}
              {operation.description ? <p>{operation.description}</p> : null}
              {operation.parameters.length > 0 ? (
                <table>
                  <caption>Parameters</caption>
                  <thead>
                    <tr>
                      <th scope="col">name</th>
                      <th scope="col">in</th>
                      <th scope="col">type</th>
                      <th scope="col">required</th>
                    </tr>
                  </thead>
                  <tbody>
                    {operation.parameters.map((parameter) => (
                      <tr key={`${parameter.in}-${parameter.name}`}>
                        <td>
                          <code>{parameter.name}</code>
                        </td>
                        <td>{parameter.in}</td>
                        <td>{parameter.type}</td>
                        <td>{parameter.required ? 'yes' : 'no'}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              ) : null}
              {operation.requestSchema ? (
                <p>
                  Body: <a href={`#schema-${operation.requestSchema}`}>{operation.requestSchema}</a>
                </p>
              ) : null}
              <ul className="responses">
                {operation.responses.map((response) => (
                  <li key={response.status}>
                    <strong>{response.status}</strong> {response.description}
                    {response.schema ? (
                      <>
                        {' '}
                        (<a href={`#schema-${response.schema}`}>{response.schema}</a>)
                      </>
                    ) : null}
                  </li>
                ))}
              </ul>
            </article>
          ))}
        </section>
      ))}
      <section aria-labelledby="schemas">
        <h2 id="schemas">Schemas</h2>
        {Object.entries(schemas).map(([name, schema]) => (
          <article key={name} id={`schema-${name}`} className="operation">
            <h3>
              <code>{name}</code>
            </h3>
            {schema.description ? <p>{schema.description}</p> : null}
            {schema.properties ? (
              <table>
                <thead>
                  <tr>
                    <th scope="col">field</th>
                    <th scope="col">type</th>
                    <th scope="col">required</th>
                    <th scope="col">about</th>
                  </tr>
                </thead>
                <tbody>
                  {Object.entries(schema.properties).map(([field, property]) => (
                    <tr key={field}>
                      <td>
                        <code>{field}</code>
                      </td>
                      <td>{typeName(property)}</td>
                      <td>{schema.required?.includes(field) ? 'yes' : 'no'}</td>
                      <td>{property.description ?? ''}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : null}
          </article>
        ))}
      </section>
    </div>
  );
}

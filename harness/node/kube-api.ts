// The few calls the cluster mode makes to a Kubernetes API server (create, get, delete, and
// "create unless there"), over HTTPS with a bearer token, trusting the authority the kubeconfig
// names. No client library: four verbs do not need one.
import { request as httpsRequest } from 'node:https';
import { readFileSync } from 'node:fs';

export interface Kubeconfig {
  server: string;
  token: string;
  /** The certificate authority to trust (else the system's). */
  caFile?: string;
  /** The name the serving certificate was made for, when it is not the server's host. */
  serverName?: string;
}

export interface ApiResponse {
  status: number;
  body: string;
}

export class KubeApi {
  constructor(private readonly config: Kubeconfig) {}

  /** Read at each call: kube-apiserver writes its certificate as it starts. */
  private authority(): Buffer | undefined {
    return this.config.caFile ? readFileSync(this.config.caFile) : undefined;
  }

  request(method: string, path: string, body?: unknown, timeoutMs = 10_000): Promise<ApiResponse> {
    const url = new URL(path, this.config.server);
    const payload = body === undefined ? undefined : JSON.stringify(body);
    return new Promise((resolve, reject) => {
      const req = httpsRequest(
        url,
        {
          method,
          ca: this.authority(),
          servername: this.config.serverName,
          headers: {
            authorization: `Bearer ${this.config.token}`,
            accept: 'application/json',
            ...(payload === undefined ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }),
          },
          timeout: timeoutMs,
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (text += chunk));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
          res.on('error', reject);
        },
      );
      req.on('timeout', () => req.destroy(new Error(`${method} ${url.pathname}: no answer within ${timeoutMs} ms`)));
      req.on('error', reject);
      req.end(payload);
    });
  }

  /** The API's own message for a failed call (a Status object's message), or the body. */
  private static failure(method: string, path: string, response: ApiResponse): Error {
    let message = response.body.trim();
    try {
      message = (JSON.parse(response.body) as { message?: string }).message ?? message;
    } catch {
      // not a Status
    }
    return new Error(`${method} ${path}: ${response.status} ${message.split('\n')[0]}`);
  }

  async create(collection: string, object: unknown): Promise<void> {
    const response = await this.request('POST', collection, object);
    if (response.status !== 201 && response.status !== 200) throw KubeApi.failure('POST', collection, response);
  }

  /** Creates the object unless one of that name exists already. */
  async ensure(collection: string, object: unknown): Promise<void> {
    const response = await this.request('POST', collection, object);
    if (response.status !== 201 && response.status !== 200 && response.status !== 409) throw KubeApi.failure('POST', collection, response);
  }

  async get(path: string): Promise<unknown | null> {
    const response = await this.request('GET', path);
    if (response.status === 404) return null;
    if (response.status !== 200) throw KubeApi.failure('GET', path, response);
    return JSON.parse(response.body);
  }

  /** Deletes with a grace period (null: the object's own); a missing object is no error. */
  async delete(path: string, gracePeriodSeconds: number | null = null): Promise<void> {
    const options = gracePeriodSeconds === null ? undefined : { apiVersion: 'v1', kind: 'DeleteOptions', gracePeriodSeconds };
    const response = await this.request('DELETE', path, options);
    if (response.status !== 200 && response.status !== 202 && response.status !== 404) throw KubeApi.failure('DELETE', path, response);
  }
}

/** The kubeconfig this harness writes (harness/node/control-plane.ts: JSON, one context, a token). */
export function readKubeconfig(file: string): Kubeconfig {
  const raw = JSON.parse(readFileSync(file, 'utf8')) as {
    clusters: { cluster: { server: string; 'certificate-authority'?: string; 'tls-server-name'?: string } }[];
    users: { user: { token?: string } }[];
  };
  const cluster = raw.clusters[0]?.cluster;
  const token = raw.users[0]?.user.token;
  if (!cluster || !token) throw new Error(`${file}: needs a cluster and a user with a token`);
  return { server: cluster.server, token, caFile: cluster['certificate-authority'], serverName: cluster['tls-server-name'] };
}

// Glewlwyd, an OpenID Connect server nobody here wrote (Debian's `glewlwyd` package: C, sqlite), set up from
// scratch for interop tests: a fresh sqlite database from the schema the package ships, a config file, the server
// on a free loopback port, and, through its admin API, an OIDC plugin instance (PKCE, rotating one-use refresh
// tokens, RFC 7009 revocation), a public native client and a user. Glewlwyd's own login page is a JavaScript app;
// the tests drive its login API instead (a password login and a consent), which is what that page calls.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freeLoopbackPort } from './free-port';

const SCHEMA = '/usr/share/dbconfig-common/data/glewlwyd/install/sqlite3';
const PLUGIN = 'oidc';

export interface Glewlwyd {
  /** The OIDC plugin's issuer: discovery is at `${issuer}/.well-known/openid-configuration`. */
  issuer: string;
  clientId: string;
  redirectUri: string;
  user: { username: string; password: string };
  /** The scopes the app asks for, all known to this server. */
  scopes: readonly string[];
  /**
   * Completes an authorization request as the user would on Glewlwyd's pages: logs in, grants the scopes to the
   * client, follows the authorize URL and returns the redirect (to the app's redirect URI) it answers with.
   */
  authorize(authorizationUrl: string): Promise<string>;
  /** Glewlwyd's log (console mode), for a failing test's message. */
  log(): string;
  close(): Promise<void>;
}

/** A tiny cookie jar: Glewlwyd's session is one cookie. */
function cookieJar() {
  const cookies = new Map<string, string>();
  return {
    header: () => [...cookies].map(([k, v]) => `${k}=${v}`).join('; '),
    keep(res: Response) {
      for (const set of res.headers.getSetCookie()) {
        const [pair] = set.split(';');
        const eq = pair!.indexOf('=');
        cookies.set(pair!.slice(0, eq).trim(), pair!.slice(eq + 1).trim());
      }
    },
  };
}

/** The server's config (libconfig), in the shape of the one the Debian package installs. */
function config(port: number, database: string, logFile: string): string {
  return `port=${port}
bind_address="127.0.0.1"
external_url="http://127.0.0.1:${port}"
login_url="login.html"
api_prefix="api"
allow_origin="*"
log_mode="file"
log_level="INFO"
log_file="${logFile}"
cookie_secure=0
cookie_same_site="empty"
session_expiration=2419200
session_key="GLEWLWYD2_SESSION_ID"
admin_session_authentication="cookie"
profile_session_authentication="cookie"
allow_multiple_user_per_session=true
login_api_enabled=true
plugin_api_run_enabled=""
add_x_frame_option_header_deny=true
max_post_size=16778240
admin_scope="g_admin"
profile_scope="g_profile"
user_module_path="/usr/lib/glewlwyd/user"
client_module_path="/usr/lib/glewlwyd/client"
user_auth_scheme_module_path="/usr/lib/glewlwyd/scheme"
plugin_module_path="/usr/lib/glewlwyd/plugin"
use_secure_connection=false
secure_connection_key_file="/dev/null"
secure_connection_pem_file="/dev/null"
secure_connection_ca_file="/dev/null"
hash_algorithm="SHA512"
database = { type = "sqlite3"; path = "${database}"; };
`;
}

/** Starts a fresh Glewlwyd with a client for `redirectUri`'s loopback app and a user with the app's scopes. */
export async function startGlewlwyd(options: {
  redirectUri: string;
  scopes: readonly string[];
}): Promise<Glewlwyd> {
  const dir = mkdtempSync(path.join(tmpdir(), 'tapkey-glewlwyd-'));
  const database = path.join(dir, 'glewlwyd.db');
  const logFile = path.join(dir, 'glewlwyd.log');
  execFileSync('sqlite3', [database], { input: readFileSync(SCHEMA) });
  const port = await freeLoopbackPort();
  const conf = path.join(dir, 'glewlwyd.conf');
  writeFileSync(conf, config(port, database, logFile));
  const server: ChildProcess = spawn('glewlwyd', ['-c', conf], { stdio: 'ignore' });
  const base = `http://127.0.0.1:${port}`;
  const log = () => {
    try {
      return readFileSync(logFile, 'utf8');
    } catch {
      return '';
    }
  };
  const stop = async () => {
    if (server.exitCode === null) {
      const exited = new Promise((resolve) => server.once('exit', resolve));
      server.kill('SIGTERM');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const admin = cookieJar();
    const call = async (
      jar: ReturnType<typeof cookieJar>,
      method: string,
      url: string,
      body?: unknown,
    ) => {
      const res = await fetch(new URL(url, base), {
        method,
        redirect: 'manual',
        headers: {
          cookie: jar.header(),
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      jar.keep(res);
      return res;
    };
    const ok = async (res: Response | Promise<Response>, what: string) => {
      const r = await res;
      if (r.status !== 200)
        throw new Error(`glewlwyd: ${what}: HTTP ${r.status} ${await r.text()}`);
      return r;
    };
    // Up when its login API answers.
    for (let i = 0; ; i++) {
      const up = await call(admin, 'POST', '/api/auth/', {
        username: 'admin',
        password: 'password',
      }).catch(() => null);
      if (up?.status === 200) break;
      if (i > 100 || server.exitCode !== null)
        throw new Error(`glewlwyd did not start: ${log().slice(-2_000)}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    // The app's scopes, each needing the user's password (Glewlwyd's default kind of scope).
    for (const name of options.scopes.filter((s) => s !== 'openid'))
      await ok(
        call(admin, 'POST', '/api/scope/', {
          name,
          display_name: name,
          description: name,
          password_required: true,
          password_max_age: 0,
          scheme: {},
        }),
        `scope ${name}`,
      );
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    await ok(
      call(admin, 'POST', '/api/mod/plugin/', {
        module: 'oidc',
        name: PLUGIN,
        display_name: 'OpenID Connect',
        parameters: {
          iss: `${base}/api/${PLUGIN}`,
          'jwt-type': 'ecdsa',
          'jwt-key-size': '256',
          key: privateKey.export({ type: 'pkcs8', format: 'pem' }),
          cert: publicKey.export({ type: 'spki', format: 'pem' }),
          'access-token-duration': 3600,
          'refresh-token-duration': 1209600,
          'code-duration': 600,
          'refresh-token-rolling': true,
          // Rotation: every refresh token can be used once, as Tapkey's (and many servers') may be.
          'refresh-token-one-use': 'always',
          'allow-non-oidc': true,
          'auth-type-code-enabled': true,
          'auth-type-code-revoke-replayed': false,
          'auth-type-token-enabled': false,
          'auth-type-id-token-enabled': false,
          'auth-type-none-enabled': false,
          'auth-type-password-enabled': false,
          'auth-type-client-enabled': false,
          'auth-type-device-enabled': false,
          'auth-type-refresh-enabled': true,
          scope: [],
          'additional-parameters': [],
          claims: [],
          'jwks-show': true,
          'secret-type': 'pairwise',
          'allowed-scope': ['openid'],
          'pkce-allowed': true,
          'pkce-method-plain-allowed': false,
          'introspection-revocation-allowed': true,
          'introspection-revocation-auth-scope': [],
          'introspection-revocation-allow-target-client': true,
          'session-management-allowed': false,
        },
      }),
      'OIDC plugin',
    );
    const clientId = 'tapkey-locks-desktop';
    await ok(
      call(admin, 'POST', '/api/client/', {
        client_id: clientId,
        name: 'Tapkey Locks',
        confidential: false,
        enabled: true,
        redirect_uri: [options.redirectUri],
        authorization_type: ['code', 'refresh_token'],
        token_endpoint_auth_method: ['none'],
        scope: [],
      }),
      'client',
    );
    const user = { username: 'alice', password: 'alice-password-1' };
    await ok(
      call(admin, 'POST', '/api/user/', {
        ...user,
        name: 'Alice',
        enabled: true,
        scope: ['g_profile', ...options.scopes],
      }),
      'user',
    );
    return {
      issuer: `${base}/api/${PLUGIN}`,
      clientId,
      redirectUri: options.redirectUri,
      user,
      scopes: options.scopes,
      async authorize(authorizationUrl) {
        const jar = cookieJar();
        await ok(call(jar, 'POST', '/api/auth/', user), 'user login');
        const scope = new URL(authorizationUrl).searchParams.get('scope') ?? '';
        await ok(
          // Space-separated (its API document says commas; this version takes spaces).
          call(jar, 'PUT', `/api/auth/grant/${encodeURIComponent(clientId)}/`, { scope }),
          'consent',
        );
        let res = await call(jar, 'GET', authorizationUrl);
        // With prompt=consent (the app always asks for it) Glewlwyd shows its login page first; its Continue
        // button goes back to the authorize URL it was given, marked g_continue.
        const page = res.headers.get('location');
        const back = page ? new URL(page, base).searchParams.get('callback_url') : null;
        if (back)
          res = await call(jar, 'GET', `${back}${back.includes('?') ? '&' : '?'}g_continue`);
        const location = res.headers.get('location');
        if (res.status !== 302 || !location?.startsWith(options.redirectUri))
          throw new Error(`glewlwyd did not redirect to the app: HTTP ${res.status} ${location}`);
        return location;
      },
      log,
      close: stop,
    };
  } catch (e) {
    await stop();
    throw e;
  }
}

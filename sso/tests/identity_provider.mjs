// A real OpenID provider for the single sign-on tests: node oidc-provider (a
// certified OpenID Connect implementation) on 127.0.0.1, with the clients and
// people the test passes in IDP_CONFIG, a plain sign-in page, and a test-only
// switch (POST /_test/mode) that makes its token endpoint answer the way a
// broken or hostile provider would.
import http from "node:http";
import Provider from "oidc-provider";
import * as jose from "jose";

const config = JSON.parse(process.env.IDP_CONFIG);
const issuer = `http://127.0.0.1:${config.port}`;
const KID = "lead-ops-test-key";
const { privateKey } = await jose.generateKeyPair("RS256", { extractable: true });
const signingJwk = { ...(await jose.exportJWK(privateKey)), kid: KID, alg: "RS256", use: "sig" };
const { privateKey: strangerKey } = await jose.generateKeyPair("RS256");
const extraClaims = ["preferred_username", "given_name", "family_name", "employeeid", "department"];
let mode = { id_token: "genuine", delay_ms: 0 };

const provider = new Provider(issuer, {
  clients: config.clients,
  jwks: { keys: [signingJwk] },
  cookies: { keys: ["lead-ops-test-only-cookie-key"] },
  claims: { openid: ["sub"], email: ["email", "email_verified"], profile: extraClaims, groups: ["groups"] },
  scopes: ["openid", "profile", "email", "groups", "offline_access"],
  pkce: { required: () => true },
  features: {
    devInteractions: { enabled: false },
    rpInitiatedLogout: {
      enabled: true,
      logoutSource: async (ctx, form) => {
        ctx.body = `<!doctype html><html lang="en"><head><title>Sign out of the test identity provider</title></head>
<body><main><h1>Sign out of the test identity provider?</h1>${form}
<button type="submit" form="op.logoutForm" value="yes" name="logout">Yes, sign me out</button></main></body></html>`;
      },
    },
  },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  findAccount: async (ctx, sub) =>
    config.accounts[sub] ? { accountId: sub, claims: async () => ({ sub, ...config.accounts[sub] }) } : undefined,
  // First-party client: no consent page.
  async loadExistingGrant(ctx) {
    const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId) return ctx.oidc.provider.Grant.find(grantId);
    const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
    grant.addOIDCScope("openid profile email groups");
    await grant.save();
    return grant;
  },
});

async function resign(payload) {
  return new jose.SignJWT(payload).setProtectedHeader({ alg: "RS256", kid: KID, typ: "JWT" }).sign(privateKey);
}

async function altered(idToken) {
  const [header, body, signature] = idToken.split(".");
  const payload = JSON.parse(Buffer.from(body, "base64url"));
  const now = Math.floor(Date.now() / 1000);
  switch (mode.id_token) {
    case "tampered": {
      const forged = Buffer.from(JSON.stringify({ ...payload, sub: "someone-else" })).toString("base64url");
      return `${header}.${forged}.${signature}`;
    }
    case "expired":
      return resign({ ...payload, iat: now - 7200, exp: now - 3600 });
    case "wrong_audience":
      return resign({ ...payload, aud: "another-client" });
    case "wrong_issuer":
      return resign({ ...payload, iss: "http://127.0.0.1:9/somebody-else" });
    case "wrong_nonce":
      return resign({ ...payload, nonce: "not-the-nonce-this-sign-in-sent" });
    case "unsigned":
      return `${Buffer.from('{"alg":"none","typ":"JWT"}').toString("base64url")}.${body}.`;
    case "stranger_key":
      return new jose.SignJWT(payload).setProtectedHeader({ alg: "RS256", kid: KID }).sign(strangerKey);
    default:
      return idToken;
  }
}

provider.use(async (ctx, next) => {
  await next();
  if (ctx.path === "/token" && ctx.body && ctx.body.id_token && mode.id_token !== "genuine") {
    ctx.body = { ...ctx.body, id_token: await altered(ctx.body.id_token) };
  }
});

function readBody(req) {
  return new Promise((resolve) => {
    let text = "";
    req.on("data", (chunk) => (text += chunk));
    req.on("end", () => resolve(text));
  });
}

const escape = (text) => String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function signInPage(res, uid, error = "") {
  res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
  res.end(`<!doctype html><html lang="en"><head><title>Test identity provider</title></head><body>
<main><h1>Test identity provider</h1>${error ? `<p role="alert">${escape(error)}</p>` : ""}
<form method="post" action="/interaction/${escape(uid)}/login">
<label>User name <input name="login" autocomplete="username" autofocus></label>
<label>Password <input name="password" type="password"></label>
<button type="submit">Sign in</button></form></main></body></html>`);
}

const handle = provider.callback();
const server = http.createServer(async (req, res) => {
  try {
    if (mode.delay_ms) await new Promise((resolve) => setTimeout(resolve, mode.delay_ms));
    const url = new URL(req.url, issuer);
    if (url.pathname === "/_test/mode" && req.method === "POST") {
      mode = { id_token: "genuine", delay_ms: 0, ...JSON.parse(await readBody(req)) };
      res.writeHead(204).end();
      return;
    }
    if (url.pathname === "/favicon.ico") {
      res.writeHead(204).end();
      return;
    }
    const interaction = url.pathname.match(/^\/interaction\/([^/]+)(\/login)?$/);
    if (interaction) {
      const details = await provider.interactionDetails(req, res);
      if (!interaction[2]) return signInPage(res, details.uid);
      const login = new URLSearchParams(await readBody(req)).get("login") || "";
      if (!config.accounts[login]) return signInPage(res, details.uid, "No such user at this provider.");
      await provider.interactionFinished(req, res, { login: { accountId: login } }, { mergeWithLastSubmission: false });
      return;
    }
    handle(req, res);
  } catch (error) {
    res.writeHead(500, { "Content-Type": "text/plain" }).end(String(error));
  }
});
server.listen(config.port, "127.0.0.1", () => console.log(`ready ${issuer}`));

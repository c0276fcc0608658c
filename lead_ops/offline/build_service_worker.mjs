// Builds the service worker with Workbox (npm workbox-build), run by `make assets`.
// Output: build/offline/sw.js (gitignored), served by Django at /sw.js.
//
// What it caches, and nothing else (README, Filing offline):
//  - static assets (CSS, JS, icons) as the pages ask for them;
//  - the blank filing form, /referrals/new/ with at most a route in its query.
// Never a page with personal data: no search results, no referral or person
// pages, no draft opened from the server (?draft=...), no POST.
import { generateSW } from "workbox-build";
import { fileURLToPath } from "node:url";
import path from "node:path";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");

const { count, size, warnings } = await generateSW({
  swDest: path.join(root, "build", "offline", "sw.js"),
  // Nothing is precached: static names are hashed by collectstatic after this
  // build, so assets are cached at run time, as the pages load them.
  globDirectory: path.join(root, "static"),
  globPatterns: [],
  inlineWorkboxRuntime: true,
  mode: "production",
  sourcemap: false,
  skipWaiting: true,
  clientsClaim: true,
  cleanupOutdatedCaches: true,
  // Resolved against /sw.js: the device store and the Background Sync sender.
  importScripts: ["/static/vendor/idb/umd.js", "/static/js/offline/store.js"],
  runtimeCaching: [
    {
      urlPattern: ({ url, sameOrigin }) => sameOrigin && url.pathname.startsWith("/static/"),
      handler: "StaleWhileRevalidate",
      options: { cacheName: "lead-static", matchOptions: { ignoreVary: true } },
    },
    {
      urlPattern: ({ url, request, sameOrigin }) =>
        sameOrigin &&
        request.mode === "navigate" &&
        url.pathname === "/referrals/new/" &&
        [...url.searchParams.keys()].every((key) => key === "route"),
      handler: "NetworkFirst",
      options: {
        cacheName: "lead-filing-form",
        networkTimeoutSeconds: 6,
        matchOptions: { ignoreVary: true },
        // Only a signed-in officer's form: a redirect to sign-in is not kept.
        cacheableResponse: { statuses: [200] },
      },
    },
  ],
});
for (const warning of warnings) console.warn(warning);
console.log(`Service worker built: build/offline/sw.js (${count} precached files, ${size} bytes)`);

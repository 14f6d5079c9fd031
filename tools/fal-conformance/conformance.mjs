// Drives a fal-compatible server (the FalVideo fake) with the official @fal-ai/client, pinned in package.json.
// Usage: node conformance.mjs http://127.0.0.1:PORT   — prints one JSON line per check; exit code 1 if any failed.
// When this client and FalVideo's C# client disagree about the fake, the fake is wrong.
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const { createFalClient, ValidationError, ApiError } = require("@fal-ai/client");
import { readFileSync } from "node:fs";
const clientVersion = JSON.parse(readFileSync(new URL("./node_modules/@fal-ai/client/package.json", import.meta.url), "utf8")).version;

const base = (process.argv[2] ?? process.env.FAKE_FAL_URL ?? "").replace(/\/+$/, "");
if (!base) {
  console.error("usage: node conformance.mjs http://127.0.0.1:PORT");
  process.exit(2);
}

// fal-protocol.md §9: the hosts are hard-coded; rewrite https://queue.fal.run/… (and fal.run, rest.fal.ai) to the fake.
const rewrite = (url) => String(url).replace(/^https:\/\/(?:[a-z0-9-]+\.)*fal\.(?:run|ai)/, base);
const seen = [];
const fal = createFalClient({
  credentials: "conformance:key",
  suppressLocalCredentialsWarning: true,
  requestMiddleware: async (request) => ({ ...request, url: rewrite(request.url) }),
  fetch: (url, init) => {
    const target = rewrite(url);
    seen.push(`${(init?.method ?? "GET").toUpperCase()} ${new URL(target).pathname}${new URL(target).search}`);
    return globalThis.fetch(target, init);
  },
});

const model = "fal-ai/wan/v2.1/1.3b/text-to-video";
const results = [];

async function check(name, body) {
  const started = Date.now();
  try {
    const detail = await body();
    results.push({ name, ok: true, ms: Date.now() - started, detail });
  } catch (error) {
    results.push({ name, ok: false, ms: Date.now() - started, error: `${error?.name ?? "Error"}: ${error?.message ?? error}`, body: error?.body });
  }
  console.log(JSON.stringify(results.at(-1)));
}

function assert(condition, message) {
  if (!condition) throw new Error(message);
}

function expectVideo(result) {
  assert(result?.data?.video?.url?.startsWith(base + "/"), `no video url in ${JSON.stringify(result?.data)}`);
  assert(typeof result.requestId === "string" && result.requestId.length > 0, "result.requestId is empty (x-fal-request-id missing)");
}

async function subscribe(mode) {
  const updates = [];
  const result = await fal.subscribe(model, {
    input: { prompt: `conformance ${mode}`, seed: 7, num_inference_steps: 10 },
    logs: true,
    mode,
    pollInterval: 50,
    onQueueUpdate: (update) => updates.push(update),
  });
  expectVideo(result);
  assert(result.data.seed === 7, `seed not echoed: ${result.data.seed}`);
  const statuses = [...new Set(updates.map((u) => u.status))];
  assert(statuses.includes("IN_PROGRESS"), `never saw IN_PROGRESS: ${statuses}`);
  const messages = updates.flatMap((u) => (u.logs ?? []).map((l) => l.message));
  assert(messages.some((m) => /step \d+\/\d+/.test(m)), `no step logs: ${messages}`);
  return { statuses, logLines: new Set(messages).size, requestId: result.requestId };
}

await check("subscribe-polling-with-logs", () => subscribe("polling"));
await check("subscribe-streaming-with-logs", () => subscribe("streaming"));

await check("submit-status-result", async () => {
  const { request_id: requestId } = await fal.queue.submit(model, { input: { prompt: "conformance result", seed: 9 } });
  assert(requestId, "submit returned no request_id");
  const first = await fal.queue.status(model, { requestId, logs: true });
  assert(["IN_QUEUE", "IN_PROGRESS", "COMPLETED"].includes(first.status), `odd status ${first.status}`);
  const done = await fal.queue.subscribeToStatus(model, { requestId, logs: false, pollInterval: 50 });
  assert(done.status === "COMPLETED", `status ${done.status}`);
  const result = await fal.queue.result(model, { requestId });
  expectVideo(result);
  assert(result.requestId === requestId, `result requestId ${result.requestId} != ${requestId}`);
  const video = await globalThis.fetch(result.data.video.url);
  const bytes = new Uint8Array(await video.arrayBuffer());
  assert(video.ok && bytes.length === result.data.video.file_size, `media ${video.status}, ${bytes.length} bytes vs file_size ${result.data.video.file_size}`);
  assert(String.fromCharCode(...bytes.slice(4, 8)) === "ftyp", "media is not an MP4");
  return { requestId, bytes: bytes.length };
});

await check("cancel", async () => {
  const { request_id: requestId } = await fal.queue.submit(model, { input: { prompt: "conformance cancel" } });
  await fal.queue.cancel(model, { requestId });
  const status = await fal.queue.status(model, { requestId, logs: false });
  assert(status.status === "COMPLETED", `after cancel status is ${status.status}`);
  let refused = null;
  try {
    await fal.queue.result(model, { requestId });
  } catch (error) {
    refused = error;
  }
  assert(refused instanceof ApiError, "result of a cancelled request did not fail");
  return { requestId, resultStatus: refused.status };
});

await check("validation-error-422", async () => {
  try {
    await fal.subscribe(model, { input: { prompt: "conformance invalid", num_inference_steps: 60, aspect_ratio: "21:9" }, pollInterval: 50 });
  } catch (error) {
    assert(error instanceof ValidationError, `expected ValidationError, got ${error?.name}: ${error?.message}`);
    assert(error.status === 422, `status ${error.status}`);
    const steps = error.getFieldErrors("num_inference_steps");
    assert(steps.length === 1 && steps[0].type === "less_than_equal", `field errors ${JSON.stringify(error.fieldErrors)}`);
    assert(error.getFieldErrors("aspect_ratio").length === 1, "aspect_ratio error missing");
    return { fields: error.fieldErrors.map((f) => f.loc.join(".")) };
  }
  throw new Error("invalid input was accepted");
});

await check("subpath-rule", async () => {
  const submits = seen.filter((s) => s.startsWith("POST "));
  const others = seen.filter((s) => !s.startsWith("POST "));
  assert(submits.every((s) => s.startsWith(`POST /${model}`)), `submit paths ${submits}`);
  assert(others.every((s) => s.includes("/fal-ai/wan/requests/") || s.includes("/cdn/")), `status/result paths ${others.filter((s) => !s.includes("/fal-ai/wan/requests/"))}`);
  return { calls: seen.length };
});

const failed = results.filter((r) => !r.ok);
console.log(JSON.stringify({ summary: true, client: clientVersion, passed: results.length - failed.length, failed: failed.length }));
process.exit(failed.length === 0 ? 0 : 1);

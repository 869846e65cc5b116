// Shared settings and assertions for the conformance tests: where the emulator is, who calls it, unique names.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';

function required(name) {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the suite through tests/conformance/run.sh.`);
  return value;
}

export const endpoint = required('AWS_ENDPOINT_URL');
export const region = process.env.AWS_REGION ?? 'us-east-1';
export const accountId = process.env.AWS_ACCOUNT_ID ?? '000000000000';
/** The account's root keys (the emulator's default account). */
export const rootCredentials = { accessKeyId: 'test', secretAccessKey: 'test' };

/** Client configuration for the emulator; `credentials` defaults to the account root. */
export function clientConfig({ credentials = rootCredentials, ...rest } = {}) {
  // maxAttempts 1: a retried request would hide the status the emulator first answered with.
  return { endpoint, region, credentials, maxAttempts: 1, ...rest };
}

/** A name no other test (or earlier run against the same emulator) uses: `prefix-<12 hex>`. */
export function unique(prefix) {
  return `${prefix}-${randomBytes(6).toString('hex')}`;
}

/**
 * Awaits `promise`, which must reject with an SDK error named `name` and, when given, HTTP status `status`.
 * Returns the error for further checks.
 */
export async function rejectsWith(promise, name, status) {
  let error;
  try {
    const result = await promise;
    assert.fail(`expected ${name}${status ? ` (${status})` : ''}, but the call succeeded: ${JSON.stringify(result?.$metadata ?? result)}`);
  } catch (caught) {
    if (caught instanceof assert.AssertionError) throw caught;
    error = caught;
  }
  assert.equal(error.name, name, `expected ${name}, got ${error.name}: ${error.message}`);
  if (status !== undefined) assert.equal(error.$metadata?.httpStatusCode, status, `${name} status`);
  return error;
}

/** Parses a policy document as IAM returns it (URL-encoded JSON) or as given (plain JSON). */
export function parsePolicy(document) {
  const text = document.trimStart().startsWith('{') ? document : decodeURIComponent(document);
  return JSON.parse(text);
}

/** Policy JSON for `statements` (objects), Version 2012-10-17. */
export function policy(...statements) {
  return JSON.stringify({ Version: '2012-10-17', Statement: statements });
}

/** Resolves after `ms` milliseconds. */
export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

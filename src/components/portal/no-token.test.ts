// No element ever holds a token: with a real sign-in (browser mode, the auth tests' fake provider)
// the access and ID tokens are in none of the elements' properties (everything a page script can
// reach from them), attributes, rendered DOM, or event details. Backend mode has no token at all
// in the page: no request the elements make carries an Authorization header.
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { createBackendSession } from '../../auth/backend-session.js';
import { FakeBackend, MY_DOSSIERS, PROFILE } from '../../auth/testing/fake-backend.js';
import { clearDvcStorage, setup, settled, teardown, type Harness } from '../../auth/testing/harness.js';
import { sessionFixture } from '../../testing/fake-session.js';
import { json, useStubbedApi } from '../../testing/fetch-stub.js';
import '../dossier-table/dossier-table.js';
import '../login-button/login-button.js';
import type { DvcProfileSync } from '../profile-sync/profile-sync.js';
import '../profile-sync/profile-sync.js';
import type { DvcPortal } from './portal.js';
import './portal.js';

const API = 'https://api.example.test';
const EVENTS = ['dvc-login', 'dvc-logout', 'dvc-error', 'dvc-profile-synced', 'dvc-profile-request', 'dvc-dossier-select'];

/**
 * Every string a page script can reach from `roots` by reading properties (own ones, Lit's internal
 * fields and TypeScript-private ones included, and the getters of the library's classes), through
 * arrays, maps, sets and plain objects. DOM nodes other than the roots are not entered (their
 * content is checked as HTML); `#private` fields are out of any script's reach.
 */
function reachableStrings(roots: object[]): string[] {
  const found: string[] = [];
  const seen = new Set<unknown>();
  const queue: unknown[] = [...roots];
  const rootSet = new Set<unknown>(roots);
  while (queue.length && seen.size < 200_000) {
    const value = queue.shift();
    if (typeof value === 'string') {
      found.push(value);
      continue;
    }
    if (typeof value !== 'object' || value === null || seen.has(value)) continue;
    seen.add(value);
    if (value instanceof Node && !rootSet.has(value)) continue;
    if (value instanceof Promise || value instanceof WeakMap || value instanceof WeakSet) continue;
    if (value instanceof Map) queue.push(...value.keys(), ...value.values());
    else if (value instanceof Set) queue.push(...value);
    for (const key of Reflect.ownKeys(value)) {
      try {
        queue.push((value as Record<PropertyKey, unknown>)[key]);
      } catch {
        // a getter that throws
      }
    }
    // Getters of the library's own classes (session, user, profile, state, config ...).
    for (let proto = Object.getPrototypeOf(value); proto && proto !== HTMLElement.prototype && proto !== Object.prototype && proto !== EventTarget.prototype; proto = Object.getPrototypeOf(proto)) {
      if (proto.constructor?.name === 'LitElement' || proto.constructor?.name === 'ReactiveElement') break;
      for (const [key, descriptor] of Object.entries(Object.getOwnPropertyDescriptors(proto))) {
        if (!descriptor.get || key === 'updateComplete') continue;
        try {
          queue.push(descriptor.get.call(value));
        } catch {
          // a getter that throws
        }
      }
    }
  }
  return found;
}

/** The element and everything under it as HTML, shadow roots included. */
function htmlOf(el: Element): string {
  let out = el.outerHTML;
  for (const node of [el, ...el.querySelectorAll('*')]) if (node.shadowRoot) out += node.shadowRoot.innerHTML + [...node.shadowRoot.querySelectorAll('*')].map(htmlOf).join('');
  return out;
}

function recordEvents(): { details: unknown[]; stop(): void } {
  const details: unknown[] = [];
  const listener = (e: Event) => details.push((e as CustomEvent).detail ?? null);
  EVENTS.forEach((type) => document.addEventListener(type, listener));
  return { details, stop: () => EVENTS.forEach((type) => document.removeEventListener(type, listener)) };
}

function apiAnswer(url: URL, init: RequestInit = {}): Response {
  if (url.pathname === '/me/profile') return json(PROFILE);
  if (url.pathname === '/me/profile/sync' && init.method === 'POST') return json({ ...PROFILE, changed: [] });
  if (url.pathname === '/me/dossiers') return json({ items: MY_DOSSIERS, page: 1, pageSize: 10, total: MY_DOSSIERS.length });
  return json({ error: 'not_found' }, 404);
}

describe('no token in any element', () => {
  useStubbedApi();

  describe('browser mode, signed in for real', () => {
    let h: Harness;
    beforeEach(async () => {
      h = await setup();
      const provider = window.fetch;
      window.fetch = (input: RequestInfo | URL, init?: RequestInit) => {
        const url = new URL(input instanceof Request ? input.url : String(input));
        return url.origin === API ? Promise.resolve(apiAnswer(url, init)) : provider(input, init);
      };
    });
    afterEach(teardown);

    it('not in properties, attributes, the rendered DOM or event details', async () => {
      const events = recordEvents();
      try {
        await h.signIn(h.session());
        const [{ accessToken, idToken }] = h.provider.issued as [{ accessToken: string; idToken: string }];
        const portal = await fixture<DvcPortal>(html`<dvc-portal issuer=${h.provider.issuer} client-id=${h.provider.clientId} api=${API}>
          <dvc-login-button></dvc-login-button>
          <dvc-profile-sync></dvc-profile-sync>
          <dvc-dossier-table source="mine"></dvc-dossier-table>
        </dvc-portal>`);
        const profile = portal.querySelector<DvcProfileSync>('dvc-profile-sync')!;
        const table = portal.querySelector('dvc-dossier-table')!;
        await waitUntil(() => profile.profile !== undefined && table.shadowRoot!.querySelector('tr[part="row"]'), 'the widgets did not load');
        await profile.sync();

        const elements = [portal, ...portal.querySelectorAll('*')];
        const strings = reachableStrings(elements);
        expect(strings.length, 'the walk reached the elements\' state').to.be.greaterThan(100);
        expect(strings.some((s) => s.includes('045090001234')), 'the walk reaches what the elements hold').to.be.true;
        for (const secret of [accessToken, idToken]) {
          expect(strings.filter((s) => s.includes(secret)), 'reachable from the elements').to.deep.equal([]);
          expect(htmlOf(portal), 'attributes and rendered DOM').not.to.contain(secret);
          expect(JSON.stringify(events.details), 'event details').not.to.contain(secret);
        }
        expect(events.details.length, 'events were seen').to.be.greaterThan(0);
      } finally {
        events.stop();
      }
    });
  });

  describe('backend mode', () => {
    const startUrl = location.href;
    afterEach(() => {
      history.replaceState(null, '', startUrl);
      clearDvcStorage();
    });

    it('no request the elements make carries an Authorization header, and nothing they hold looks like a token', async () => {
      const backend = new FakeBackend().install();
      const events = recordEvents();
      const session = createBackendSession(backend.config(), { navigate: () => undefined });
      try {
        session.resume();
        await settled(session);
        const root = await sessionFixture<HTMLElement>(
          html`<div><dvc-login-button></dvc-login-button><dvc-profile-sync></dvc-profile-sync><dvc-dossier-table source="mine"></dvc-dossier-table></div>`,
          session,
          { config: session.config },
        );
        const profile = root.querySelector<DvcProfileSync>('dvc-profile-sync')!;
        await waitUntil(() => profile.profile !== undefined && backend.to('/api/me/dossiers').length === 1, 'the widgets did not load');
        await profile.sync();
        expect(backend.requests.length).to.be.greaterThan(3);
        expect(backend.requests.filter((r) => r.headers.has('authorization'))).to.deep.equal([]);
        const strings = reachableStrings([root, ...root.querySelectorAll('*')]);
        const jwt = /eyJ[\w-]+\.[\w-]*\./;
        expect(strings.filter((s) => jwt.test(s) || /^Bearer /i.test(s))).to.deep.equal([]);
        expect(JSON.stringify(events.details)).not.to.match(jwt);
      } finally {
        events.stop();
        session.dispose();
        backend.restore();
      }
    });
  });
});

// Every element at 320 CSS px (WCAG 2.2, 1.4.10 Reflow), in every engine: rendered in an iframe
// 320 px wide, which is then the page's viewport, with long Vietnamese names and procedure names.
// The page does not scroll sideways, and no text runs off the page or is cut off by a box that
// clips (overflow other than visible); text that is hidden on purpose (screen-reader only) aside.
// Buttons and form controls are at least 44 px tall, links at least 24 x 24 (WCAG 2.5.8).
import { expect } from '@open-wc/testing';

const WIDTH = 320;
// Tall enough that no vertical scrollbar takes part of the 320 px.
const HEIGHT = 8000;

interface Frame {
  iframe: HTMLIFrameElement;
  win: Window;
  doc: Document;
}

async function openFrame(width: number): Promise<Frame> {
  const iframe = document.createElement('iframe');
  iframe.title = 'reflow';
  iframe.style.cssText = `width:${width}px;height:${HEIGHT}px;border:0;display:block`;
  iframe.srcdoc = `<!doctype html><html lang="vi"><head><meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <style>body { margin: 0; padding: 8px; font-family: system-ui, sans-serif; }</style>
    <script type="module" src="/src/testing/reflow-frame.ts"></script></head><body></body></html>`;
  document.body.append(iframe);
  const end = Date.now() + 10000;
  while (!iframe.contentWindow?.dvcReflow) {
    if (Date.now() > end) throw new Error('the reflow frame did not load');
    await new Promise((r) => setTimeout(r, 20));
  }
  return { iframe, win: iframe.contentWindow, doc: iframe.contentDocument! };
}

/** The element a node is drawn inside: its parent, the host of its shadow root, or its slot. */
function composedParent(node: Node): Element | null {
  if (node instanceof Element && node.assignedSlot) return node.assignedSlot;
  const parent = node.parentNode;
  if (!parent) return null;
  if (parent instanceof (node.ownerDocument!.defaultView as unknown as typeof globalThis).ShadowRoot) return (parent as ShadowRoot).host;
  return parent as Element;
}

function textNodes(root: Document | ShadowRoot, out: Text[] = []): Text[] {
  const walker = ((root.ownerDocument ?? root) as Document).createTreeWalker(root, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (node.nodeType === Node.TEXT_NODE) {
      if (node.textContent!.trim()) out.push(node as Text);
    } else if ((node as Element).shadowRoot) textNodes((node as Element).shadowRoot!, out);
  }
  return out;
}

const describeNode = (el: Element) => `${el.localName}${el.getAttribute('part') ? `[part=${el.getAttribute('part')}]` : ''}${el.className && typeof el.className === 'string' ? `.${el.className.trim().replace(/\s+/g, '.')}` : ''}`;

/** What does not fit: the page's width, and each piece of text off the page or clipped. */
function reflowProblems({ doc, win }: Frame, width: number): string[] {
  const problems: string[] = [];
  const page = doc.documentElement;
  if (page.scrollWidth > page.clientWidth) problems.push(`the page scrolls sideways: ${page.scrollWidth} px wide in ${page.clientWidth} px`);
  for (const text of textNodes(doc)) {
    const parent = composedParent(text)!;
    if (parent.closest('select, option, script, style, title')) continue;
    const range = doc.createRange();
    range.selectNodeContents(text);
    const rects = [...range.getClientRects()].filter((r) => r.width > 0 && r.height > 0);
    if (rects.length === 0) continue; // not rendered (display: none, a closed menu)
    const words = text.textContent!.trim().slice(0, 40);
    // Boxes that clip what overflows them, from the text outwards; a box of 1-2 px clips on purpose.
    let hidden = false;
    const clips: Element[] = [];
    for (let el: Element | null = parent; el && el !== page; el = composedParent(el)) {
      const style = win.getComputedStyle(el);
      const box = el.getBoundingClientRect();
      if ((style.overflowX !== 'visible' || style.overflowY !== 'visible' || style.clipPath !== 'none') && (box.width <= 2 || box.height <= 2)) {
        hidden = true;
        break;
      }
      if (style.overflowX !== 'visible' || style.overflowY !== 'visible') clips.push(el);
    }
    if (hidden) continue;
    for (const r of rects) {
      if (r.left < -0.5 || r.right > width + 0.5) problems.push(`"${words}" runs off the page (${Math.round(r.left)}-${Math.round(r.right)} px)`);
      for (const clip of clips) {
        const box = clip.getBoundingClientRect();
        if (r.left < box.left - 1 || r.right > box.right + 1 || r.top < box.top - 1 || r.bottom > box.bottom + 1) {
          problems.push(`"${words}" is cut off by ${describeNode(clip)}`);
        }
      }
    }
  }
  return [...new Set(problems)];
}

/** Every element matching `selector` in the page and its shadow roots. */
function deepAll(root: Document | ShadowRoot, selector: string, out: Element[] = []): Element[] {
  out.push(...root.querySelectorAll(selector));
  root.querySelectorAll('*').forEach((el) => el.shadowRoot && deepAll(el.shadowRoot, selector, out));
  return out;
}

/**
 * Targets too small for a finger: buttons and form controls under 44 CSS px tall, links under
 * 24 x 24 (WCAG 2.5.8). Hidden controls (not rendered, or 1 px screen-reader text) aside.
 */
function smallTargets({ doc }: Frame): string[] {
  const problems: string[] = [];
  for (const el of deepAll(doc, 'button, input:not([type="hidden"]), select, textarea, [role="button"], [role="menuitem"], a[href]')) {
    const box = el.getBoundingClientRect();
    if (box.width <= 2 || box.height <= 2) continue;
    const name = `${describeNode(el)} "${(el.textContent ?? '').trim().slice(0, 30)}"`;
    if (el.localName === 'a') {
      if (box.height < 24 || box.width < 24) problems.push(`${name} is ${Math.round(box.width)} x ${Math.round(box.height)} px`);
    } else if (box.height < 44) problems.push(`${name} is ${Math.round(box.height)} px tall`);
  }
  return problems;
}

describe(`reflow at ${WIDTH} CSS px (every element, every engine)`, function () {
  this.timeout(20000);
  let frame: Frame;
  before(async () => {
    frame = await openFrame(WIDTH);
  });
  after(() => frame?.iframe.remove());

  it('the frame is a 320 px viewport', () => {
    expect(frame.doc.documentElement.clientWidth).to.equal(WIDTH);
    expect(frame.win.matchMedia(`(max-width: ${WIDTH}px)`).matches).to.equal(true);
  });

  // The scenes are listed by the frame module; one test each, named after the element and state.
  const names = [
    'dvc-process-steps',
    'dvc-stats-donut',
    'dvc-dossier-table (public-results)',
    'dvc-dossier-table (mine)',
    'dvc-profile-sync',
    'dvc-login-button (signed in, menu open)',
    'dvc-login-button (signed out)',
    'dvc-signin (account type)',
    'dvc-signin (ID number and password)',
    'dvc-otp-input',
    'dvc-portal',
  ];
  it('covers every scene of the frame', () => {
    expect(frame.win.dvcReflow!.scenes).to.deep.equal(names);
  });
  for (const name of names) {
    it(`${name}: no sideways scroll, no text cut off, targets big enough`, async () => {
      await frame.win.dvcReflow!.render(name);
      expect(reflowProblems(frame, WIDTH)).to.deep.equal([]);
      expect(smallTargets(frame), 'buttons and controls 44 px tall, links 24 x 24').to.deep.equal([]);
    });
  }
});

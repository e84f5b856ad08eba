// What a screen reader is told, and where the keyboard lands. Announcer.svelte renders
// the live region, which stays on the page for the window's life (a region added with
// its words is often not read); `arrive` moves the focus to the heading of each new card
// and tab, and says a card's verdict or failure there once.
const spoken = $state({ polite: '', assertive: '' });
let pending: ReturnType<typeof setTimeout> | undefined;

/** The words in the live region: `polite` waits for the reader to finish, `assertive` (refusals) interrupts. */
export const liveWords = (): { polite: string; assertive: string } => spoken;

/** Says `text`; `urgent` for a refusal. The region is emptied first, so the same words twice in a row are said twice. */
export function announce(text: string, urgent = false): void {
  spoken.polite = '';
  spoken.assertive = '';
  clearTimeout(pending);
  pending = setTimeout(() => {
    if (urgent) spoken.assertive = text;
    else spoken.polite = text;
  }, 50);
}

/** The text of `element` as a screen reader reads it: without what is aria-hidden (icons), spaces collapsed. */
function readable(element: Element): string {
  const copy = element.cloneNode(true) as Element;
  copy.querySelectorAll('[aria-hidden="true"]').forEach((hidden) => hidden.remove());
  return (copy.textContent ?? '').replace(/\s+/g, ' ').trim();
}

/** A card's heading, as a sentence, and the paragraphs right under it: "Authentic. Sealed by Alice Example, Finance on …". */
export function summaryOf(card: Element): string {
  const heading = card.querySelector('h1');
  if (!heading) return '';
  const headline = readable(heading);
  const parts = [/[.?!]$/.test(headline) ? headline : `${headline}.`];
  // Up to a paragraph that introduces a list ("Saved:"), which is read with the card.
  for (let next = heading.nextElementSibling; next?.tagName === 'P' && !readable(next).endsWith(':'); next = next.nextElementSibling) parts.push(readable(next));
  return parts.filter(Boolean).join(' ');
}

const said = new WeakSet<object>();

export interface Arrival {
  /** What the card shows (a stage): said once, not again when the card is shown again (coming back to the tab). */
  says?: object;
  /** A refusal: said at once, interrupting. */
  urgent?: boolean;
}

/**
 * A Svelte action for a card or view: focuses its first h1 (tabindex=-1, so the focus can
 * rest there and Tab goes on to the card's controls) and, with `says`, announces the
 * card's summary the first time that stage is shown. It runs again when `says` changes.
 */
export function arrive(node: HTMLElement, arrival: Arrival = {}): { update(next: Arrival): void } {
  const land = ({ says, urgent }: Arrival): void => {
    node.querySelector<HTMLElement>('h1')?.focus();
    if (says && !said.has(says)) {
      said.add(says);
      announce(summaryOf(node), urgent);
    }
  };
  land(arrival);
  return { update: land };
}

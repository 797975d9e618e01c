// Where the session (session.ts) and its signed-in half (live.ts) both get the token half: in the
// chunk every session element has, so that neither imports the other's chunk to reach it.

/** The token half with discovery, which it imports, asked for at once (not one after the other). */
export const loadTokenHalf = () => Promise.all([import('./complete.js'), import('./discovery.js')]).then(([half]) => half);

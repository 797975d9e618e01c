import { createContext } from '@lit/context';
import type { DvcError } from '../internal/errors.js';
import type { PortalConfig, SessionLike } from '../auth/types.js';

/** What `<dvc-portal>` provides to every descendant widget. */
export interface PortalContextValue {
  /** The parsed configuration, or undefined when it is malformed (see `error`). */
  config?: PortalConfig;
  /** A `config` error when the portal's attributes are missing or malformed. */
  error?: DvcError;
  /** The page's one shared session, when the portal can sign people in. */
  session?: SessionLike;
}

export const portalContext = createContext<PortalContextValue | undefined>(Symbol.for('dvc-portal'));

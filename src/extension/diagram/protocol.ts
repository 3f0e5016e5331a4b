/** Messages between the diagram panel (extension host) and its webview, declared once for both. */

/** Host → webview. */
export type DiagramHostMessage =
  | { type: 'render'; svg: string; title: string; steps: number; palette: Array<{ kind: string; label: string }> }
  | { type: 'error'; message: string }
  | { type: 'highlight'; id: string | undefined };

/** Webview → host. */
export type DiagramWebviewMessage =
  | { type: 'ready' }
  /** The webview drew a picture: how many steps its DOM holds. */
  | { type: 'rendered'; steps: number }
  /** A node was clicked. */
  | { type: 'select'; id: string }
  /** Insert a palette mediator after a step. */
  | { type: 'insert'; kind: string; after: string }
  | { type: 'delete'; id: string }
  | { type: 'move'; id: string; direction: 'up' | 'down' };

/** The HTML page of a Conduit webview: its script from dist/ (by nonce), its stylesheet from media/, a strict CSP. */
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';

export interface WebviewPage {
  title: string;
  /** File in dist/, e.g. `try-it-webview.js`. */
  script: string;
  /** File in media/, e.g. `try-it.css`. */
  style: string;
  /** HTML of the body before the script; `title` is given escaped. */
  body: (escapedTitle: string) => string;
  /** Allow inline styles (a drawn SVG carries its own `<style>`). Scripts stay nonce-only. */
  inlineStyles?: boolean;
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
}

export function webviewPage(webview: vscode.Webview, extensionUri: vscode.Uri, page: WebviewPage): string {
  const nonce = randomBytes(16).toString('base64');
  const script = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', page.script));
  const style = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', page.style));
  const styleSrc = `${webview.cspSource}${page.inlineStyles ? " 'unsafe-inline'" : ''}`;
  const csp = `default-src 'none'; style-src ${styleSrc}; script-src 'nonce-${nonce}'; img-src ${webview.cspSource}; font-src ${webview.cspSource}`;
  const title = escapeHtml(page.title);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${style}">
<title>${title}</title>
</head>
<body>
${page.body(title)}
<script nonce="${nonce}" src="${script}"></script>
</body>
</html>`;
}

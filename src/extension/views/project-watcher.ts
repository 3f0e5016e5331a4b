/** Reloads the project when its XML, pom or registry files change on disk (edits, git, other tools). */
import * as vscode from 'vscode';
import type { Ctx } from '../ctx';

export function watchProject(ctx: Ctx): vscode.Disposable {
  const watcher = vscode.workspace.createFileSystemWatcher('**/{*.xml,*.json,*.dmc,*.ts,src/main/**}');
  let timer: NodeJS.Timeout | undefined;
  const schedule = (uri: vscode.Uri) => {
    if (/[\\/](node_modules|target|\.git)[\\/]/.test(uri.fsPath)) return;
    clearTimeout(timer);
    // Bursts (a branch switch, a wizard writing a file) reload once.
    timer = setTimeout(() => void ctx.reloadProject(), 200);
  };
  const subs = [watcher.onDidCreate(schedule), watcher.onDidChange(schedule), watcher.onDidDelete(schedule)];
  return new vscode.Disposable(() => {
    clearTimeout(timer);
    subs.forEach((s) => s.dispose());
    watcher.dispose();
  });
}

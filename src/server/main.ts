/** Entry point of dist/server.js: the language server over stdio. */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './server';

const connection = createConnection(ProposedFeatures.all, process.stdin, process.stdout);
startServer(connection);
connection.listen();

/** Entry point of dist/server.js: the language server over stdio. */
import { createConnection, ProposedFeatures, type MessageReader } from 'vscode-languageserver/node';
import { DirectMessageWriter } from './message-writer';
import { startServer } from './server';

// The library takes a stream on either side at run time (its typings pair streams with streams); stdin
// stays a stream so that the server still exits when the client closes it.
const input = process.stdin as unknown as MessageReader;
const connection = createConnection(ProposedFeatures.all, input, new DirectMessageWriter(process.stdout));
startServer(connection);
connection.listen();

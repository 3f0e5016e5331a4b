/**
 * Writes LSP messages to a stream in one write each, in order, without waiting for the previous one.
 * The stock stream writer serializes messages through a semaphore that hands over on setImmediate and
 * awaits the header's write before the body's, so a burst (diagnostics for a thousand files on
 * initialize) took at least one event-loop turn per message. The stream keeps writes in order and
 * buffers what the pipe cannot take at once.
 */
import { AbstractMessageWriter, type Message, type MessageWriter } from 'vscode-languageserver/node';

export class DirectMessageWriter extends AbstractMessageWriter implements MessageWriter {
  private errors = 0;

  constructor(private readonly out: NodeJS.WritableStream) {
    super();
    out.on('error', (err: Error) => this.fireError(err));
    out.on('close', () => this.fireClose());
  }

  write(msg: Message): Promise<void> {
    const body = Buffer.from(JSON.stringify(msg), 'utf8');
    const header = Buffer.from(`Content-Length: ${body.byteLength}\r\n\r\n`, 'ascii');
    return new Promise((resolve, reject) => {
      this.out.write(Buffer.concat([header, body]), (err) => {
        if (!err) return resolve();
        this.fireError(err, msg, ++this.errors);
        reject(err);
      });
    });
  }

  end(): void {}
}

/**
 * One parse per open document version, shared by every feature that reads the file while it is
 * being edited (diagnostics, hover, quick fixes, outline, CodeLens, Test Explorer). Each open
 * document has its own incremental validator (`createIncrementalValidator`), so an edit re-parses
 * only the blocks it touched; the validator is dropped when the document closes.
 *
 * A result stays valid after later updates (the incremental validator never changes nodes a
 * result holds), but it describes the text it was made from: callers ask `get(document)` each
 * time for the current text; a run or a save-as-test parses the text it acts on itself.
 */
import type * as vscode from 'vscode';
import type { ParsedIntegration } from '../core/parse';
import { createIncrementalValidator, type IncrementalValidator } from '../core/validate';

interface Entry {
  /** The document object this entry belongs to (an untitled uri can be reused by a new document). */
  document: vscode.TextDocument;
  validator: IncrementalValidator;
  version: number;
  parsed: ParsedIntegration | undefined;
}

/** The documents' side of `vscode.TextDocument` this needs (unit tests pass plain objects). */
export type ParsableDocument = Pick<vscode.TextDocument, 'uri' | 'version' | 'fileName' | 'getText'>;

export class ParsedDocuments {
  private readonly entries = new Map<string, Entry>();

  /** The parse of `document`'s current text: computed once per version, incrementally from the last one. */
  get(document: ParsableDocument): ParsedIntegration {
    const key = document.uri.toString();
    let entry = this.entries.get(key);
    if (!entry || entry.document !== document) {
      entry = { document: document as vscode.TextDocument, validator: createIncrementalValidator({ fileName: document.fileName }), version: -1, parsed: undefined };
      this.entries.set(key, entry);
    }
    if (entry.parsed === undefined || entry.version !== document.version) {
      entry.parsed = entry.validator.update(document.getText());
      entry.version = document.version;
    }
    return entry.parsed;
  }

  /** Forgets a closed document (its validator and cached blocks); a newer document under the same uri stays. */
  drop(document: ParsableDocument): void {
    const key = document.uri.toString();
    if (this.entries.get(key)?.document === document) this.entries.delete(key);
  }

  /** How many documents have a validator (tests check closing drops them). */
  get size(): number {
    return this.entries.size;
  }

  clear(): void {
    this.entries.clear();
  }
}

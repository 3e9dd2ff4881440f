// HtmlService: HTML outputs built from strings or from the project's .html files (opts.htmlFiles).
import type { Env } from './env';

export const SANDBOX_MODE = Object.freeze({ EMULATED: 'EMULATED', IFRAME: 'IFRAME', NATIVE: 'NATIVE' });
export const XFRAME_OPTIONS_MODE = Object.freeze({ ALLOWALL: 'ALLOWALL', DEFAULT: 'DEFAULT' });

export class HtmlOutput {
  private title = '';
  private width = 0;
  private height = 0;
  private sandbox = 'IFRAME';

  constructor(private readonly env: Env, private content: string) {}

  /** @internal for Ui without counting a call. */
  titleText(): string { return this.title; }
  /** @internal */
  contentText(): string { return this.content; }

  getContent(): string { this.env.call('HtmlOutput.getContent', 'NONE'); return this.content; }
  setContent(content: string): HtmlOutput {
    this.env.call('HtmlOutput.setContent', 'NONE');
    this.content = String(content);
    return this;
  }
  append(addedContent: string): HtmlOutput {
    this.env.call('HtmlOutput.append', 'NONE');
    this.content += String(addedContent);
    return this;
  }
  appendUntrusted(addedContent: string): HtmlOutput {
    this.env.call('HtmlOutput.appendUntrusted', 'NONE');
    this.content += escapeHtml(String(addedContent));
    return this;
  }
  getTitle(): string { this.env.call('HtmlOutput.getTitle', 'NONE'); return this.title; }
  setTitle(title: string): HtmlOutput {
    this.env.call('HtmlOutput.setTitle', 'NONE');
    this.title = String(title);
    return this;
  }
  getWidth(): number { this.env.call('HtmlOutput.getWidth', 'NONE'); return this.width; }
  setWidth(width: number): HtmlOutput { this.env.call('HtmlOutput.setWidth', 'NONE'); this.width = width; return this; }
  getHeight(): number { this.env.call('HtmlOutput.getHeight', 'NONE'); return this.height; }
  setHeight(height: number): HtmlOutput { this.env.call('HtmlOutput.setHeight', 'NONE'); this.height = height; return this; }
  setSandboxMode(mode: string): HtmlOutput {
    this.env.call('HtmlOutput.setSandboxMode', 'NONE');
    this.sandbox = String(mode);
    return this;
  }
  getSandboxMode(): string { this.env.call('HtmlOutput.getSandboxMode', 'NONE'); return this.sandbox; }
  setXFrameOptionsMode(_mode: string): HtmlOutput { this.env.call('HtmlOutput.setXFrameOptionsMode', 'NONE'); return this; }
  addMetaTag(_name: string, _content: string): HtmlOutput { this.env.call('HtmlOutput.addMetaTag', 'NONE'); return this; }
  setFaviconUrl(_url: string): HtmlOutput { this.env.call('HtmlOutput.setFaviconUrl', 'NONE'); return this; }
}

export class HtmlServiceImpl {
  readonly SandboxMode = SANDBOX_MODE;
  readonly XFrameOptionsMode = XFRAME_OPTIONS_MODE;

  constructor(private readonly env: Env) {}

  createHtmlOutput(html?: string): HtmlOutput {
    this.env.call('HtmlService.createHtmlOutput', 'NONE');
    return new HtmlOutput(this.env, html === undefined ? '' : String(html));
  }

  createHtmlOutputFromFile(filename: string): HtmlOutput {
    this.env.call('HtmlService.createHtmlOutputFromFile', 'NONE');
    const name = String(filename).replace(/\.html$/, '');
    const content = this.env.state.htmlFiles[name];
    if (content === undefined) this.env.fail(`No HTML file named ${name} was found.`);
    return new HtmlOutput(this.env, content);
  }
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

// A minimal client for `artlint server`: it starts the server over stdio for Markdown,
// MDX and HTML files and tells it when files on disk change (configuration, schemas and
// the other articles of the corpus).
const vscode = require("vscode");
const { LanguageClient } = require("vscode-languageclient/node");

let client;

async function activate(context) {
  const settings = vscode.workspace.getConfiguration("artlint");
  const server = { command: settings.get("path") || "artlint", args: ["server"] };
  client = new LanguageClient("artlint", "artlint", server, {
    documentSelector: ["markdown", "mdx", "html"].map((language) => ({ scheme: "file", language })),
    synchronize: {
      fileEvents: vscode.workspace.createFileSystemWatcher("**/{artlint.toml,pyproject.toml,*.json,*.md,*.markdown,*.mdx,*.html,*.htm}"),
    },
    initializationOptions: { debounce: settings.get("debounce") },
  });
  await client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };

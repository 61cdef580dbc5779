import type * as vscode from 'vscode';

// Wiring only; features arrive with the editor issue.
export function activate(_context: vscode.ExtensionContext): void {}

export function deactivate(): void {}

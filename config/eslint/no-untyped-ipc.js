// ESLint rule tapkey/no-untyped-ipc: IPC goes through the contract's typed modules only (after GitHub Desktop's
// no-loosely-typed-webcontents-ipc). Elsewhere, a raw `webContents.send` would push a payload nothing checks against
// the contract's events, a raw `ipcMain.handle` would skip the sender check and the payload schemas, and a raw
// `ipcRenderer` call would reach main outside `window.tapkey`. With type information (typed linting), the receiver's
// Electron type decides, whatever the variable is called; without it, the names Electron's objects usually go by.

/** Calls that push to a page: `<page>.send(...)` where the page is a WebContents or a frame. */
const PUSH_METHODS = new Set(['send', 'sendToFrame', 'postMessage']);
const PAGE_NAMES = new Set([
  'webContents',
  'contents',
  'wc',
  'sender',
  'mainFrame',
  'senderFrame',
  'frame',
]);
const HANDLE_METHODS = new Set(['handle', 'handleOnce', 'on', 'once', 'addListener']);
const RENDERER_METHODS = new Set([
  'invoke',
  'send',
  'sendSync',
  'sendTo',
  'sendToHost',
  'postMessage',
  'on',
  'once',
  'addListener',
]);

/** Electron's types whose methods of these names are IPC, and which kind of IPC each is. */
const ELECTRON_TYPES = new Map([
  ['WebContents', 'push'],
  ['WebFrameMain', 'push'],
  ['IpcMain', 'handle'],
  ['IpcRenderer', 'bridge'],
]);
const METHODS = { push: PUSH_METHODS, handle: HANDLE_METHODS, bridge: RENDERER_METHODS };

/** The kind of IPC a call is by its receiver's type (null: not Electron's, or no type information). */
function kindByType(services, receiver, method) {
  if (!services?.program || !services.esTreeNodeToTSNodeMap) return null;
  const checker = services.program.getTypeChecker();
  const type = checker.getTypeAtLocation(services.esTreeNodeToTSNodeMap.get(receiver));
  for (const t of type.isUnion() ? type.types : [type]) {
    const name = (t.aliasSymbol ?? t.getSymbol())?.getName();
    const kind = name ? ELECTRON_TYPES.get(name) : undefined;
    if (kind && METHODS[kind].has(method)) return kind;
  }
  return null;
}

/** The kind of IPC a call is by its receiver's name. */
function kindByName(target, method) {
  if (PUSH_METHODS.has(method) && PAGE_NAMES.has(target)) return 'push';
  if (target === 'ipcMain' && HANDLE_METHODS.has(method)) return 'handle';
  if (target === 'ipcRenderer' && RENDERER_METHODS.has(method)) return 'bridge';
  return null;
}

/** The name an expression ends in: `a.b.webContents` → webContents, `wc` → wc. */
function lastName(node) {
  if (node.type === 'Identifier') return node.name;
  if (node.type === 'MemberExpression' && !node.computed && node.property.type === 'Identifier')
    return node.property.name;
  if (node.type === 'ChainExpression') return lastName(node.expression);
  if (node.type === 'TSNonNullExpression') return lastName(node.expression);
  return null;
}

/** @type {import('eslint').Rule.RuleModule} */
export default {
  meta: {
    type: 'problem',
    docs: { description: 'IPC only through the typed modules derived from src/shared/contract.ts' },
    schema: [
      {
        type: 'object',
        properties: {
          push: { type: 'string' },
          handle: { type: 'string' },
          bridge: { type: 'string' },
        },
        required: ['push', 'handle', 'bridge'],
        additionalProperties: false,
      },
    ],
    messages: {
      push: 'Push to the page with the typed send from {{home}} (pushTo), so the payload is checked against the contract.',
      handle:
        'Register IPC handlers only in {{home}}: it checks the sender and parses the payload first.',
      bridge: 'Reach main only through window.tapkey, built in {{home}} from the contract.',
    },
  },
  create(context) {
    const homes = context.options[0];
    const file = context.filename.replaceAll('\\', '/');
    const here = (home) => file.endsWith(`/${home}`);
    return {
      CallExpression(node) {
        const callee =
          node.callee.type === 'ChainExpression' ? node.callee.expression : node.callee;
        if (callee.type !== 'MemberExpression' || callee.computed) return;
        const method = callee.property.type === 'Identifier' ? callee.property.name : null;
        if (!method) return;
        const target = lastName(callee.object);
        const kind =
          kindByType(context.sourceCode.parserServices, callee.object, method) ??
          (target ? kindByName(target, method) : null);
        if (kind && !here(homes[kind]))
          context.report({ node, messageId: kind, data: { home: homes[kind] } });
      },
    };
  },
};

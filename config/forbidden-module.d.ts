// tsconfig.web.json maps Electron and Node modules here: the renderer is a sandboxed web page where they
// do not exist. Importing anything from one of them fails with "has no exported member"; ask main through
// window.tapkey instead.
export type RendererCannotImportNodeOrElectron = never;

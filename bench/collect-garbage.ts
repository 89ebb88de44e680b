import v8 from 'node:v8';
import vm from 'node:vm';

// A full collection in this process, between measured runs: a run that met the previous run's garbage
// collection measured it. V8 exposes `gc` to contexts made after the flag is set.
v8.setFlagsFromString('--expose-gc');
export const collectGarbage = vm.runInNewContext('gc') as () => void;

// The engine's hot methods keep large frames (vector locals, many spilled values); the runtime would zero each frame on
// every call, once per neuron visit or per delivered spike. Nothing here reads a local before writing it (the compiler
// checks that for ordinary locals; every stackalloc buffer is written before it is read, and Partition.Merge clears its
// own), so the zeroing is skipped for the whole library.
[module: System.Runtime.CompilerServices.SkipLocalsInit]

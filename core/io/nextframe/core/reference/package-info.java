/**
 * The {@code reference} backend: the oracle every other backend is tested against. Each op loads its contiguous
 * operands into double arrays ({@code TensorData}), runs the plainest loop nest that states the op's definition,
 * and stores the result once (rounded to float for F32 tensors). Backward ops of linear maps walk the same loop nest
 * as their forward op and scatter instead of gather, so they are exact adjoints by construction. Single-threaded and
 * slow on purpose; it also holds F64 tensors for finite-difference gradient checks.
 */
package io.nextframe.core.reference;

/**
 * Optimizers with PyTorch's update rules (SGD with momentum, Adam, RMSProp), their state exportable as named tensors
 * for checkpoints, weight and gradient-norm clipping, and learning-rate / momentum schedules.
 */
package io.nextframe.layers.optim;

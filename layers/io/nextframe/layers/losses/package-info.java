/**
 * Training losses as scalar Vars built from differentiable ops (so they differentiate to any order): MSE, L1, BCE on
 * probabilities and on logits, cross-entropy, the KL terms with SVG's reduction (sum over elements / batch), the L1
 * penalty, WGAN, non-saturating and hinge GAN losses, and WGAN-GP's gradient penalty.
 */
package io.nextframe.layers.losses;

/**
 * Datasets and media: MNIST (IDX), the Moving MNIST generators of DFN, DrNET and SVG, the Shapes data of the Cross
 * Convolutional Network, real video input (frame directories, GIF, NPY), GIF/PNG/NPY output, and a batch loader with
 * background prefetch and an exact resume position. Everything produces plain float arrays; tensors are made on a
 * backend the caller passes. docs/DATA.md describes each dataset, its parameters and how it differs from the papers.
 */
package io.nextframe.data;

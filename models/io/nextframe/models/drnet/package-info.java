/**
 * DrNET (Denton &amp; Birodkar 2017): content and pose encoders, decoder and scene discriminator with the authors'
 * state-dict keys ({@link io.nextframe.models.drnet.DrnetModel}, kind {@code drnet}); the training step of
 * train_drnet.py on the shared TrainLoop ({@link io.nextframe.models.drnet.DrnetRun}); the pose LSTM on frozen
 * networks ({@link io.nextframe.models.drnet.DrnetLstmRun}, kind {@code drnet-lstm}, a self-contained file);
 * prediction ({@link io.nextframe.models.drnet.DrnetPredictor}); files ({@link io.nextframe.models.drnet.DrnetFiles});
 * evaluation ({@link io.nextframe.models.drnet.DrnetEvaluation}).
 */
package io.nextframe.models.drnet;

// Package upscale owns the built-in super-resolution networks: it loads
// TensorFlow.js layers models (model.json and its float32 weight shards,
// or the one-file bundle a model's CID names), plans them into a short list
// of tensor operations, runs that plan in pure Go, and cuts large images
// into overlapping tiles whose seams match the whole-image result.
//
// The same plan runs on Vulkan in render/vulkan; both are fp32 and agree
// with the models' published outputs within 1/255.
package upscale

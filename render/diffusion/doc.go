// Package diffusion forwards text-to-image frames to the diffusion servers
// GPU owners run beside their workers: the sdapi protocol (POST
// /sdapi/v1/txt2img; Automatic1111, Forge and stable-diffusion.cpp's
// sd-server speak it) and ComfyUI's (POST /prompt with an API-format
// workflow, GET /history/{id}, GET /view). No diffusion model runs inside
// rendergrid. It also owns the perceptual hash that compares two renders
// of one diffusion frame.
package diffusion

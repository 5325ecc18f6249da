#include "vk.h"

#define VK_NO_PROTOTYPES
#include <vulkan/vulkan.h>
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void *lib;
static PFN_vkGetInstanceProcAddr gipa;
static PFN_vkCreateInstance pCreateInstance;
static PFN_vkEnumerateInstanceLayerProperties pEnumerateInstanceLayerProperties;

#define ERR(...) (snprintf(err, RG_ERRLEN, __VA_ARGS__), -1)

static const char *vkstr(VkResult r) {
	switch (r) {
	case VK_ERROR_OUT_OF_HOST_MEMORY: return "out of host memory";
	case VK_ERROR_OUT_OF_DEVICE_MEMORY: return "out of device memory";
	case VK_ERROR_INITIALIZATION_FAILED: return "initialization failed";
	case VK_ERROR_DEVICE_LOST: return "device lost (a driver reset, often a GPU watchdog)";
	case VK_ERROR_LAYER_NOT_PRESENT: return "layer not present";
	case VK_ERROR_EXTENSION_NOT_PRESENT: return "extension not present";
	case VK_ERROR_INCOMPATIBLE_DRIVER: return "incompatible driver (no Vulkan ICD for this device)";
	default: return "error";
	}
}

int rg_load(char *err) {
	if (lib) return 0;
	// RENDERGRID_LIBVULKAN names another loader (tests use it to play a
	// machine without Vulkan).
	const char *name = getenv("RENDERGRID_LIBVULKAN");
	lib = dlopen(name && *name ? name : "libvulkan.so.1", RTLD_NOW | RTLD_LOCAL);
	if (!lib) return ERR("%s", dlerror());
	gipa = (PFN_vkGetInstanceProcAddr)dlsym(lib, "vkGetInstanceProcAddr");
	if (!gipa) return ERR("libvulkan.so.1 has no vkGetInstanceProcAddr");
	pCreateInstance = (PFN_vkCreateInstance)gipa(NULL, "vkCreateInstance");
	pEnumerateInstanceLayerProperties = (PFN_vkEnumerateInstanceLayerProperties)gipa(NULL, "vkEnumerateInstanceLayerProperties");
	if (!pCreateInstance) return ERR("libvulkan.so.1 has no vkCreateInstance");
	return 0;
}

// Instance-level functions.
typedef struct {
	PFN_vkDestroyInstance DestroyInstance;
	PFN_vkEnumeratePhysicalDevices EnumeratePhysicalDevices;
	PFN_vkGetPhysicalDeviceProperties GetPhysicalDeviceProperties;
	PFN_vkGetPhysicalDeviceProperties2 GetPhysicalDeviceProperties2;
	PFN_vkGetPhysicalDeviceMemoryProperties GetPhysicalDeviceMemoryProperties;
	PFN_vkGetPhysicalDeviceQueueFamilyProperties GetPhysicalDeviceQueueFamilyProperties;
	PFN_vkCreateDevice CreateDevice;
	PFN_vkGetDeviceProcAddr GetDeviceProcAddr;
	PFN_vkCreateDebugUtilsMessengerEXT CreateDebugUtilsMessengerEXT;
	PFN_vkDestroyDebugUtilsMessengerEXT DestroyDebugUtilsMessengerEXT;
} ifuncs;

// Device-level functions.
typedef struct {
	PFN_vkDestroyDevice DestroyDevice;
	PFN_vkGetDeviceQueue GetDeviceQueue;
	PFN_vkCreateBuffer CreateBuffer;
	PFN_vkDestroyBuffer DestroyBuffer;
	PFN_vkGetBufferMemoryRequirements GetBufferMemoryRequirements;
	PFN_vkAllocateMemory AllocateMemory;
	PFN_vkFreeMemory FreeMemory;
	PFN_vkBindBufferMemory BindBufferMemory;
	PFN_vkMapMemory MapMemory;
	PFN_vkUnmapMemory UnmapMemory;
	PFN_vkCreateShaderModule CreateShaderModule;
	PFN_vkDestroyShaderModule DestroyShaderModule;
	PFN_vkCreateDescriptorSetLayout CreateDescriptorSetLayout;
	PFN_vkDestroyDescriptorSetLayout DestroyDescriptorSetLayout;
	PFN_vkCreatePipelineLayout CreatePipelineLayout;
	PFN_vkDestroyPipelineLayout DestroyPipelineLayout;
	PFN_vkCreateComputePipelines CreateComputePipelines;
	PFN_vkDestroyPipeline DestroyPipeline;
	PFN_vkCreateDescriptorPool CreateDescriptorPool;
	PFN_vkDestroyDescriptorPool DestroyDescriptorPool;
	PFN_vkAllocateDescriptorSets AllocateDescriptorSets;
	PFN_vkUpdateDescriptorSets UpdateDescriptorSets;
	PFN_vkCreateCommandPool CreateCommandPool;
	PFN_vkDestroyCommandPool DestroyCommandPool;
	PFN_vkAllocateCommandBuffers AllocateCommandBuffers;
	PFN_vkResetCommandBuffer ResetCommandBuffer;
	PFN_vkBeginCommandBuffer BeginCommandBuffer;
	PFN_vkEndCommandBuffer EndCommandBuffer;
	PFN_vkCmdBindPipeline CmdBindPipeline;
	PFN_vkCmdBindDescriptorSets CmdBindDescriptorSets;
	PFN_vkCmdDispatch CmdDispatch;
	PFN_vkCmdCopyBuffer CmdCopyBuffer;
	PFN_vkCmdFillBuffer CmdFillBuffer;
	PFN_vkCmdPipelineBarrier CmdPipelineBarrier;
	PFN_vkQueueSubmit QueueSubmit;
	PFN_vkCreateFence CreateFence;
	PFN_vkDestroyFence DestroyFence;
	PFN_vkWaitForFences WaitForFences;
	PFN_vkResetFences ResetFences;
	PFN_vkDeviceWaitIdle DeviceWaitIdle;
	PFN_vkCmdPushConstants CmdPushConstants;
	PFN_vkResetDescriptorPool ResetDescriptorPool;
} dfuncs;

typedef struct {
	VkBuffer buf;
	VkDeviceMemory mem;
	size_t size;
	void *map; // host-visible buffers only
} rg_buf;

struct rg_ctx {
	VkInstance inst;
	VkDebugUtilsMessengerEXT messenger;
	VkPhysicalDevice phys;
	VkDevice dev;
	VkQueue queue;
	uint32_t family;
	VkPhysicalDeviceMemoryProperties memprops;
	ifuncs i;
	dfuncs d;
	VkShaderModule module;
	VkDescriptorSetLayout dsl;
	VkPipelineLayout layout;
	VkPipeline pipeline;
	VkDescriptorPool pool;
	VkDescriptorSet set;
	VkCommandPool cmdpool;
	VkCommandBuffer cmd;
	VkFence fence;
	rg_buf bufs[RG_BINDINGS];
	rg_buf staging;
	VkDescriptorPool runpool; // rg_run's descriptor sets
	int runpool_sets;
	int messages;
	char first_message[RG_ERRLEN];
	char name[256];
	int type;
	uint32_t api;
};

static VKAPI_ATTR VkBool32 VKAPI_CALL on_message(VkDebugUtilsMessageSeverityFlagBitsEXT sev, VkDebugUtilsMessageTypeFlagsEXT type,
                                                 const VkDebugUtilsMessengerCallbackDataEXT *data, void *user) {
	rg_ctx *c = user;
	if (sev >= VK_DEBUG_UTILS_MESSAGE_SEVERITY_WARNING_BIT_EXT) {
		if (c->messages++ == 0 && data && data->pMessage) snprintf(c->first_message, RG_ERRLEN, "%s", data->pMessage);
	}
	return VK_FALSE;
}

static VkResult make_instance(int validation, VkInstance *inst, int *has_debug) {
	VkApplicationInfo app = {VK_STRUCTURE_TYPE_APPLICATION_INFO};
	app.pApplicationName = "rendergrid";
	app.apiVersion = VK_API_VERSION_1_1;
	VkInstanceCreateInfo ci = {VK_STRUCTURE_TYPE_INSTANCE_CREATE_INFO};
	ci.pApplicationInfo = &app;
	const char *layers[] = {"VK_LAYER_KHRONOS_validation"};
	const char *exts[] = {VK_EXT_DEBUG_UTILS_EXTENSION_NAME};
	*has_debug = 0;
	if (validation) {
		ci.enabledLayerCount = 1;
		ci.ppEnabledLayerNames = layers;
		ci.enabledExtensionCount = 1;
		ci.ppEnabledExtensionNames = exts;
		*has_debug = 1;
	}
	return pCreateInstance(&ci, NULL, inst);
}

static void load_ifuncs(VkInstance inst, ifuncs *f) {
#define I(n) f->n = (PFN_vk##n)gipa(inst, "vk" #n)
	I(DestroyInstance); I(EnumeratePhysicalDevices); I(GetPhysicalDeviceProperties); I(GetPhysicalDeviceProperties2);
	I(GetPhysicalDeviceMemoryProperties); I(GetPhysicalDeviceQueueFamilyProperties); I(CreateDevice); I(GetDeviceProcAddr);
	I(CreateDebugUtilsMessengerEXT); I(DestroyDebugUtilsMessengerEXT);
#undef I
}

static void describe(ifuncs *f, VkPhysicalDevice p, rg_device *d) {
	VkPhysicalDeviceProperties props;
	f->GetPhysicalDeviceProperties(p, &props);
	memset(d, 0, sizeof *d);
	snprintf(d->name, sizeof d->name, "%s", props.deviceName);
	d->type = props.deviceType;
	d->api_version = props.apiVersion;
	snprintf(d->driver, sizeof d->driver, "driver version 0x%x", props.driverVersion);
	if (f->GetPhysicalDeviceProperties2 && props.apiVersion >= VK_API_VERSION_1_2) {
		VkPhysicalDeviceDriverProperties drv = {VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_DRIVER_PROPERTIES};
		VkPhysicalDeviceProperties2 p2 = {VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_PROPERTIES_2};
		p2.pNext = &drv;
		f->GetPhysicalDeviceProperties2(p, &p2);
		snprintf(d->driver, sizeof d->driver, "%s %s", drv.driverName, drv.driverInfo);
	}
	VkPhysicalDeviceMemoryProperties mp;
	f->GetPhysicalDeviceMemoryProperties(p, &mp);
	for (uint32_t h = 0; h < mp.memoryHeapCount; h++)
		if (mp.memoryHeaps[h].flags & VK_MEMORY_HEAP_DEVICE_LOCAL_BIT) d->memory += mp.memoryHeaps[h].size;
}

int rg_devices(rg_device *out, int max, int *n, char *err) {
	if (rg_load(err)) return -1;
	VkInstance inst;
	int dbg;
	VkResult r = make_instance(0, &inst, &dbg);
	if (r != VK_SUCCESS) return ERR("creating a Vulkan instance: %s (%d)", vkstr(r), r);
	ifuncs f;
	load_ifuncs(inst, &f);
	uint32_t count = 0;
	f.EnumeratePhysicalDevices(inst, &count, NULL);
	VkPhysicalDevice devs[32];
	if (count > 32) count = 32;
	f.EnumeratePhysicalDevices(inst, &count, devs);
	*n = 0;
	for (uint32_t k = 0; k < count && (int)k < max; k++) {
		describe(&f, devs[k], &out[k]);
		(*n)++;
	}
	f.DestroyInstance(inst, NULL);
	return 0;
}

static int find_memory(rg_ctx *c, uint32_t bits, VkMemoryPropertyFlags want) {
	for (uint32_t k = 0; k < c->memprops.memoryTypeCount; k++)
		if ((bits & (1u << k)) && (c->memprops.memoryTypes[k].propertyFlags & want) == want) return (int)k;
	return -1;
}

static int make_buffer(rg_ctx *c, rg_buf *b, size_t size, VkBufferUsageFlags usage, int host, char *err) {
	if (size < 16) size = 16;
	VkBufferCreateInfo bi = {VK_STRUCTURE_TYPE_BUFFER_CREATE_INFO};
	bi.size = size;
	bi.usage = usage;
	bi.sharingMode = VK_SHARING_MODE_EXCLUSIVE;
	VkResult r = c->d.CreateBuffer(c->dev, &bi, NULL, &b->buf);
	if (r != VK_SUCCESS) return ERR("creating a %zu-byte buffer: %s (%d)", size, vkstr(r), r);
	VkMemoryRequirements req;
	c->d.GetBufferMemoryRequirements(c->dev, b->buf, &req);
	int type = -1;
	if (host) {
		type = find_memory(c, req.memoryTypeBits, VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT | VK_MEMORY_PROPERTY_HOST_COHERENT_BIT);
	} else {
		type = find_memory(c, req.memoryTypeBits, VK_MEMORY_PROPERTY_DEVICE_LOCAL_BIT);
		if (type < 0) type = find_memory(c, req.memoryTypeBits, 0);
	}
	if (type < 0) {
		c->d.DestroyBuffer(c->dev, b->buf, NULL);
		b->buf = VK_NULL_HANDLE;
		return ERR("no suitable memory type for a %zu-byte buffer", size);
	}
	VkDeviceSize heap = c->memprops.memoryHeaps[c->memprops.memoryTypes[type].heapIndex].size;
	if (req.size > heap) {
		c->d.DestroyBuffer(c->dev, b->buf, NULL);
		b->buf = VK_NULL_HANDLE;
		return ERR("out of device memory: the scene needs a %.1f MiB buffer and %s has %.1f MiB; render it on a device with more memory", req.size / 1048576.0, c->name, heap / 1048576.0);
	}
	VkMemoryAllocateInfo ai = {VK_STRUCTURE_TYPE_MEMORY_ALLOCATE_INFO};
	ai.allocationSize = req.size;
	ai.memoryTypeIndex = (uint32_t)type;
	r = c->d.AllocateMemory(c->dev, &ai, NULL, &b->mem);
	if (r != VK_SUCCESS) {
		c->d.DestroyBuffer(c->dev, b->buf, NULL);
		b->buf = VK_NULL_HANDLE;
		if (r == VK_ERROR_OUT_OF_DEVICE_MEMORY || r == VK_ERROR_OUT_OF_HOST_MEMORY)
			return ERR("out of device memory: allocating %.1f MiB failed (%s); the scene is too large for %s, render it on a device with more memory", req.size / 1048576.0, vkstr(r), c->name);
		return ERR("allocating %zu bytes: %s (%d)", (size_t)req.size, vkstr(r), r);
	}
	c->d.BindBufferMemory(c->dev, b->buf, b->mem, 0);
	b->size = size;
	b->map = NULL;
	if (host) {
		r = c->d.MapMemory(c->dev, b->mem, 0, VK_WHOLE_SIZE, 0, &b->map);
		if (r != VK_SUCCESS) return ERR("mapping memory: %s (%d)", vkstr(r), r);
	}
	return 0;
}

static void free_buffer(rg_ctx *c, rg_buf *b) {
	if (b->map) c->d.UnmapMemory(c->dev, b->mem);
	if (b->buf) c->d.DestroyBuffer(c->dev, b->buf, NULL);
	if (b->mem) c->d.FreeMemory(c->dev, b->mem, NULL);
	memset(b, 0, sizeof *b);
}

static int submit_wait(rg_ctx *c, char *err) {
	VkSubmitInfo si = {VK_STRUCTURE_TYPE_SUBMIT_INFO};
	si.commandBufferCount = 1;
	si.pCommandBuffers = &c->cmd;
	VkResult r = c->d.QueueSubmit(c->queue, 1, &si, c->fence);
	if (r != VK_SUCCESS) return ERR("submitting: %s (%d)", vkstr(r), r);
	r = c->d.WaitForFences(c->dev, 1, &c->fence, VK_TRUE, UINT64_MAX);
	c->d.ResetFences(c->dev, 1, &c->fence);
	if (r != VK_SUCCESS) return ERR("waiting for the GPU: %s (%d)", vkstr(r), r);
	return 0;
}

static void begin(rg_ctx *c) {
	c->d.ResetCommandBuffer(c->cmd, 0);
	VkCommandBufferBeginInfo bi = {VK_STRUCTURE_TYPE_COMMAND_BUFFER_BEGIN_INFO};
	bi.flags = VK_COMMAND_BUFFER_USAGE_ONE_TIME_SUBMIT_BIT;
	c->d.BeginCommandBuffer(c->cmd, &bi);
}

static void barrier(rg_ctx *c) {
	VkMemoryBarrier mb = {VK_STRUCTURE_TYPE_MEMORY_BARRIER};
	mb.srcAccessMask = VK_ACCESS_TRANSFER_WRITE_BIT | VK_ACCESS_SHADER_WRITE_BIT;
	mb.dstAccessMask = VK_ACCESS_TRANSFER_READ_BIT | VK_ACCESS_TRANSFER_WRITE_BIT | VK_ACCESS_SHADER_READ_BIT | VK_ACCESS_SHADER_WRITE_BIT | VK_ACCESS_HOST_READ_BIT;
	c->d.CmdPipelineBarrier(c->cmd, VK_PIPELINE_STAGE_TRANSFER_BIT | VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT,
	                        VK_PIPELINE_STAGE_TRANSFER_BIT | VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT | VK_PIPELINE_STAGE_HOST_BIT, 0, 1, &mb, 0, NULL, 0, NULL);
}

static int staging(rg_ctx *c, size_t size, char *err) {
	if (c->staging.size >= size) return 0;
	free_buffer(c, &c->staging);
	return make_buffer(c, &c->staging, size, VK_BUFFER_USAGE_TRANSFER_SRC_BIT | VK_BUFFER_USAGE_TRANSFER_DST_BIT, 1, err);
}

static void write_set(rg_ctx *c, int binding) {
	VkDescriptorBufferInfo info = {c->bufs[binding].buf, 0, VK_WHOLE_SIZE};
	VkWriteDescriptorSet w = {VK_STRUCTURE_TYPE_WRITE_DESCRIPTOR_SET};
	w.dstSet = c->set;
	w.dstBinding = (uint32_t)binding;
	w.descriptorCount = 1;
	w.descriptorType = binding == RG_PARAMS_BINDING ? VK_DESCRIPTOR_TYPE_UNIFORM_BUFFER : VK_DESCRIPTOR_TYPE_STORAGE_BUFFER;
	w.pBufferInfo = &info;
	c->d.UpdateDescriptorSets(c->dev, 1, &w, 0, NULL);
}

rg_ctx *rg_open(int device, int validation, const uint32_t *spv, size_t spv_len, char *err) {
	if (rg_load(err)) return NULL;
	rg_ctx *c = calloc(1, sizeof *c);
	int dbg = 0;
	VkResult r = make_instance(validation, &c->inst, &dbg);
	if (r != VK_SUCCESS) {
		if (validation && r == VK_ERROR_LAYER_NOT_PRESENT)
			snprintf(err, RG_ERRLEN, "the Vulkan validation layer is not installed: apt install vulkan-validationlayers");
		else
			snprintf(err, RG_ERRLEN, "creating a Vulkan instance: %s (%d)", vkstr(r), r);
		free(c);
		return NULL;
	}
	load_ifuncs(c->inst, &c->i);
	if (dbg && c->i.CreateDebugUtilsMessengerEXT) {
		VkDebugUtilsMessengerCreateInfoEXT mi = {VK_STRUCTURE_TYPE_DEBUG_UTILS_MESSENGER_CREATE_INFO_EXT};
		mi.messageSeverity = VK_DEBUG_UTILS_MESSAGE_SEVERITY_WARNING_BIT_EXT | VK_DEBUG_UTILS_MESSAGE_SEVERITY_ERROR_BIT_EXT;
		mi.messageType = VK_DEBUG_UTILS_MESSAGE_TYPE_GENERAL_BIT_EXT | VK_DEBUG_UTILS_MESSAGE_TYPE_VALIDATION_BIT_EXT | VK_DEBUG_UTILS_MESSAGE_TYPE_PERFORMANCE_BIT_EXT;
		mi.pfnUserCallback = on_message;
		mi.pUserData = c;
		c->i.CreateDebugUtilsMessengerEXT(c->inst, &mi, NULL, &c->messenger);
	}
	uint32_t count = 0;
	c->i.EnumeratePhysicalDevices(c->inst, &count, NULL);
	VkPhysicalDevice devs[32];
	if (count > 32) count = 32;
	c->i.EnumeratePhysicalDevices(c->inst, &count, devs);
	if (count == 0) {
		snprintf(err, RG_ERRLEN, "no Vulkan device: install your GPU's Vulkan driver, or mesa-vulkan-drivers for lavapipe on the CPU");
		rg_close(c);
		return NULL;
	}
	if (device < 0) { // discrete > integrated > virtual > CPU
		static const int rank[] = {[VK_PHYSICAL_DEVICE_TYPE_DISCRETE_GPU] = 4, [VK_PHYSICAL_DEVICE_TYPE_INTEGRATED_GPU] = 3,
		                           [VK_PHYSICAL_DEVICE_TYPE_VIRTUAL_GPU] = 2, [VK_PHYSICAL_DEVICE_TYPE_CPU] = 1, [VK_PHYSICAL_DEVICE_TYPE_OTHER] = 0};
		int best = -1;
		for (uint32_t k = 0; k < count; k++) {
			rg_device d;
			describe(&c->i, devs[k], &d);
			int t = d.type >= 0 && d.type <= 4 ? rank[d.type] : 0;
			if (best < 0 || t > best) { best = t; device = (int)k; }
		}
	}
	if (device >= (int)count) {
		snprintf(err, RG_ERRLEN, "no Vulkan device %d: this machine has %u (rendergrid devices lists them)", device, count);
		rg_close(c);
		return NULL;
	}
	c->phys = devs[device];
	rg_device d;
	describe(&c->i, c->phys, &d);
	snprintf(c->name, sizeof c->name, "%s", d.name);
	c->type = d.type;
	c->api = d.api_version;
	c->i.GetPhysicalDeviceMemoryProperties(c->phys, &c->memprops);
	uint32_t nq = 0;
	c->i.GetPhysicalDeviceQueueFamilyProperties(c->phys, &nq, NULL);
	VkQueueFamilyProperties qf[16];
	if (nq > 16) nq = 16;
	c->i.GetPhysicalDeviceQueueFamilyProperties(c->phys, &nq, qf);
	int fam = -1;
	for (uint32_t k = 0; k < nq; k++)
		if (qf[k].queueFlags & VK_QUEUE_COMPUTE_BIT) { fam = (int)k; break; }
	if (fam < 0) {
		snprintf(err, RG_ERRLEN, "device %s has no compute queue", c->name);
		rg_close(c);
		return NULL;
	}
	c->family = (uint32_t)fam;
	float prio = 1.0f;
	VkDeviceQueueCreateInfo qi = {VK_STRUCTURE_TYPE_DEVICE_QUEUE_CREATE_INFO};
	qi.queueFamilyIndex = c->family;
	qi.queueCount = 1;
	qi.pQueuePriorities = &prio;
	VkDeviceCreateInfo di = {VK_STRUCTURE_TYPE_DEVICE_CREATE_INFO};
	di.queueCreateInfoCount = 1;
	di.pQueueCreateInfos = &qi;
	r = c->i.CreateDevice(c->phys, &di, NULL, &c->dev);
	if (r != VK_SUCCESS) {
		snprintf(err, RG_ERRLEN, "creating a Vulkan device on %s: %s (%d)", c->name, vkstr(r), r);
		rg_close(c);
		return NULL;
	}
#define D(n) c->d.n = (PFN_vk##n)c->i.GetDeviceProcAddr(c->dev, "vk" #n)
	D(DestroyDevice); D(GetDeviceQueue); D(CreateBuffer); D(DestroyBuffer); D(GetBufferMemoryRequirements); D(AllocateMemory);
	D(FreeMemory); D(BindBufferMemory); D(MapMemory); D(UnmapMemory); D(CreateShaderModule); D(DestroyShaderModule);
	D(CreateDescriptorSetLayout); D(DestroyDescriptorSetLayout); D(CreatePipelineLayout); D(DestroyPipelineLayout);
	D(CreateComputePipelines); D(DestroyPipeline); D(CreateDescriptorPool); D(DestroyDescriptorPool); D(AllocateDescriptorSets);
	D(UpdateDescriptorSets); D(CreateCommandPool); D(DestroyCommandPool); D(AllocateCommandBuffers); D(ResetCommandBuffer);
	D(BeginCommandBuffer); D(EndCommandBuffer); D(CmdBindPipeline); D(CmdBindDescriptorSets); D(CmdDispatch); D(CmdCopyBuffer);
	D(CmdFillBuffer); D(CmdPipelineBarrier); D(QueueSubmit); D(CreateFence); D(DestroyFence); D(WaitForFences); D(ResetFences);
	D(DeviceWaitIdle); D(CmdPushConstants); D(ResetDescriptorPool);
#undef D
	c->d.GetDeviceQueue(c->dev, c->family, 0, &c->queue);
	VkCommandPoolCreateInfo cpool = {VK_STRUCTURE_TYPE_COMMAND_POOL_CREATE_INFO};
	cpool.flags = VK_COMMAND_POOL_CREATE_RESET_COMMAND_BUFFER_BIT;
	cpool.queueFamilyIndex = c->family;
	if ((r = c->d.CreateCommandPool(c->dev, &cpool, NULL, &c->cmdpool)) != VK_SUCCESS) goto fail;
	VkCommandBufferAllocateInfo cbi = {VK_STRUCTURE_TYPE_COMMAND_BUFFER_ALLOCATE_INFO};
	cbi.commandPool = c->cmdpool;
	cbi.level = VK_COMMAND_BUFFER_LEVEL_PRIMARY;
	cbi.commandBufferCount = 1;
	if ((r = c->d.AllocateCommandBuffers(c->dev, &cbi, &c->cmd)) != VK_SUCCESS) goto fail;
	VkFenceCreateInfo fi = {VK_STRUCTURE_TYPE_FENCE_CREATE_INFO};
	if ((r = c->d.CreateFence(c->dev, &fi, NULL, &c->fence)) != VK_SUCCESS) goto fail;
	if (!spv) return c; // generic compute: kernels come from rg_kernel_new

	VkShaderModuleCreateInfo smi = {VK_STRUCTURE_TYPE_SHADER_MODULE_CREATE_INFO};
	smi.codeSize = spv_len;
	smi.pCode = spv;
	if ((r = c->d.CreateShaderModule(c->dev, &smi, NULL, &c->module)) != VK_SUCCESS) goto fail;
	VkDescriptorSetLayoutBinding b[RG_BINDINGS];
	memset(b, 0, sizeof b);
	for (int k = 0; k < RG_BINDINGS; k++) {
		b[k].binding = (uint32_t)k;
		b[k].descriptorType = k == RG_PARAMS_BINDING ? VK_DESCRIPTOR_TYPE_UNIFORM_BUFFER : VK_DESCRIPTOR_TYPE_STORAGE_BUFFER;
		b[k].descriptorCount = 1;
		b[k].stageFlags = VK_SHADER_STAGE_COMPUTE_BIT;
	}
	VkDescriptorSetLayoutCreateInfo dli = {VK_STRUCTURE_TYPE_DESCRIPTOR_SET_LAYOUT_CREATE_INFO};
	dli.bindingCount = RG_BINDINGS;
	dli.pBindings = b;
	if ((r = c->d.CreateDescriptorSetLayout(c->dev, &dli, NULL, &c->dsl)) != VK_SUCCESS) goto fail;
	VkPipelineLayoutCreateInfo pli = {VK_STRUCTURE_TYPE_PIPELINE_LAYOUT_CREATE_INFO};
	pli.setLayoutCount = 1;
	pli.pSetLayouts = &c->dsl;
	if ((r = c->d.CreatePipelineLayout(c->dev, &pli, NULL, &c->layout)) != VK_SUCCESS) goto fail;
	VkComputePipelineCreateInfo cpi = {VK_STRUCTURE_TYPE_COMPUTE_PIPELINE_CREATE_INFO};
	cpi.stage.sType = VK_STRUCTURE_TYPE_PIPELINE_SHADER_STAGE_CREATE_INFO;
	cpi.stage.stage = VK_SHADER_STAGE_COMPUTE_BIT;
	cpi.stage.module = c->module;
	cpi.stage.pName = "main";
	cpi.layout = c->layout;
	if ((r = c->d.CreateComputePipelines(c->dev, VK_NULL_HANDLE, 1, &cpi, NULL, &c->pipeline)) != VK_SUCCESS) goto fail;
	VkDescriptorPoolSize ps[2] = {{VK_DESCRIPTOR_TYPE_STORAGE_BUFFER, RG_BINDINGS - 1}, {VK_DESCRIPTOR_TYPE_UNIFORM_BUFFER, 1}};
	VkDescriptorPoolCreateInfo dpi = {VK_STRUCTURE_TYPE_DESCRIPTOR_POOL_CREATE_INFO};
	dpi.maxSets = 1;
	dpi.poolSizeCount = 2;
	dpi.pPoolSizes = ps;
	if ((r = c->d.CreateDescriptorPool(c->dev, &dpi, NULL, &c->pool)) != VK_SUCCESS) goto fail;
	VkDescriptorSetAllocateInfo dsi = {VK_STRUCTURE_TYPE_DESCRIPTOR_SET_ALLOCATE_INFO};
	dsi.descriptorPool = c->pool;
	dsi.descriptorSetCount = 1;
	dsi.pSetLayouts = &c->dsl;
	if ((r = c->d.AllocateDescriptorSets(c->dev, &dsi, &c->set)) != VK_SUCCESS) goto fail;
	// The uniform parameters and the ray counter are host-visible.
	if (make_buffer(c, &c->bufs[RG_PARAMS_BINDING], 256, VK_BUFFER_USAGE_UNIFORM_BUFFER_BIT, 1, err) ||
	    make_buffer(c, &c->bufs[RG_COUNTER_BINDING], 16, VK_BUFFER_USAGE_STORAGE_BUFFER_BIT, 1, err)) {
		rg_close(c);
		return NULL;
	}
	write_set(c, RG_PARAMS_BINDING);
	write_set(c, RG_COUNTER_BINDING);
	return c;
fail:
	snprintf(err, RG_ERRLEN, "setting up the compute pipeline on %s: %s (%d)", c->name, vkstr(r), r);
	rg_close(c);
	return NULL;
}

const char *rg_device_name(rg_ctx *c) { return c->name; }
int rg_device_type(rg_ctx *c) { return c->type; }
uint32_t rg_device_api(rg_ctx *c) { return c->api; }

// rg_buffer makes binding's device-local buffer of size bytes and fills it
// with data (or zeros when data is NULL).
int rg_buffer(rg_ctx *c, int binding, const void *data, size_t size, char *err) {
	if (binding < 0 || binding >= RG_BINDINGS || binding == RG_PARAMS_BINDING || binding == RG_COUNTER_BINDING)
		return ERR("binding %d is not a storage buffer", binding);
	if (c->bufs[binding].buf) {
		c->d.DeviceWaitIdle(c->dev);
		free_buffer(c, &c->bufs[binding]);
	}
	if (make_buffer(c, &c->bufs[binding], size, VK_BUFFER_USAGE_STORAGE_BUFFER_BIT | VK_BUFFER_USAGE_TRANSFER_DST_BIT | VK_BUFFER_USAGE_TRANSFER_SRC_BIT, 0, err))
		return -1;
	write_set(c, binding);
	if (size == 0) size = 16;
	begin(c);
	if (data) {
		if (staging(c, size, err)) return -1;
		memcpy(c->staging.map, data, size);
		VkBufferCopy cp = {0, 0, size};
		c->d.CmdCopyBuffer(c->cmd, c->staging.buf, c->bufs[binding].buf, 1, &cp);
	} else {
		c->d.CmdFillBuffer(c->cmd, c->bufs[binding].buf, 0, VK_WHOLE_SIZE, 0);
	}
	barrier(c);
	c->d.EndCommandBuffer(c->cmd);
	return submit_wait(c, err);
}

int rg_zero(rg_ctx *c, int binding, size_t size, char *err) { return rg_buffer(c, binding, NULL, size, err); }

int rg_dispatch(rg_ctx *c, const void *params, size_t params_len, uint32_t gx, uint32_t gy, uint32_t *rays, char *err) {
	if (params_len > 256) return ERR("parameters of %zu bytes; at most 256", params_len);
	for (int k = 0; k < RG_BINDINGS; k++)
		if (!c->bufs[k].buf) return ERR("binding %d has no buffer", k);
	memcpy(c->bufs[RG_PARAMS_BINDING].map, params, params_len);
	memset(c->bufs[RG_COUNTER_BINDING].map, 0, 16);
	begin(c);
	c->d.CmdBindPipeline(c->cmd, VK_PIPELINE_BIND_POINT_COMPUTE, c->pipeline);
	c->d.CmdBindDescriptorSets(c->cmd, VK_PIPELINE_BIND_POINT_COMPUTE, c->layout, 0, 1, &c->set, 0, NULL);
	c->d.CmdDispatch(c->cmd, gx, gy, 1);
	barrier(c);
	c->d.EndCommandBuffer(c->cmd);
	if (submit_wait(c, err)) return -1;
	*rays = *(uint32_t *)c->bufs[RG_COUNTER_BINDING].map;
	return 0;
}

int rg_read(rg_ctx *c, int binding, void *out, size_t size, char *err) {
	if (binding < 0 || binding >= RG_BINDINGS || !c->bufs[binding].buf) return ERR("binding %d has no buffer", binding);
	if (size > c->bufs[binding].size) return ERR("reading %zu bytes of a %zu-byte buffer", size, c->bufs[binding].size);
	if (staging(c, size, err)) return -1;
	begin(c);
	VkBufferCopy cp = {0, 0, size};
	c->d.CmdCopyBuffer(c->cmd, c->bufs[binding].buf, c->staging.buf, 1, &cp);
	barrier(c);
	c->d.EndCommandBuffer(c->cmd);
	if (submit_wait(c, err)) return -1;
	memcpy(out, c->staging.map, size);
	return 0;
}

int rg_messages(rg_ctx *c, char *first) {
	snprintf(first, RG_ERRLEN, "%s", c->first_message);
	return c->messages;
}

void rg_close(rg_ctx *c) {
	if (!c) return;
	if (c->dev) {
		c->d.DeviceWaitIdle(c->dev);
		for (int k = 0; k < RG_BINDINGS; k++) free_buffer(c, &c->bufs[k]);
		free_buffer(c, &c->staging);
		if (c->runpool) c->d.DestroyDescriptorPool(c->dev, c->runpool, NULL);
		if (c->fence) c->d.DestroyFence(c->dev, c->fence, NULL);
		if (c->cmdpool) c->d.DestroyCommandPool(c->dev, c->cmdpool, NULL);
		if (c->pool) c->d.DestroyDescriptorPool(c->dev, c->pool, NULL);
		if (c->pipeline) c->d.DestroyPipeline(c->dev, c->pipeline, NULL);
		if (c->layout) c->d.DestroyPipelineLayout(c->dev, c->layout, NULL);
		if (c->dsl) c->d.DestroyDescriptorSetLayout(c->dev, c->dsl, NULL);
		if (c->module) c->d.DestroyShaderModule(c->dev, c->module, NULL);
		c->d.DestroyDevice(c->dev, NULL);
	}
	if (c->messenger && c->i.DestroyDebugUtilsMessengerEXT) c->i.DestroyDebugUtilsMessengerEXT(c->inst, c->messenger, NULL);
	if (c->inst) c->i.DestroyInstance(c->inst, NULL);
	free(c);
}

// Generic compute: kernels with storage-buffer bindings and push constants,
// device buffers, and a batch of dispatches recorded into one submission.

struct rg_kernel {
	VkShaderModule module;
	VkDescriptorSetLayout dsl;
	VkPipelineLayout layout;
	VkPipeline pipeline;
	int nbufs;
};

struct rg_mem {
	rg_buf b;
};

void rg_kernel_free(rg_ctx *c, rg_kernel *k) {
	if (!k) return;
	c->d.DeviceWaitIdle(c->dev);
	if (k->pipeline) c->d.DestroyPipeline(c->dev, k->pipeline, NULL);
	if (k->layout) c->d.DestroyPipelineLayout(c->dev, k->layout, NULL);
	if (k->dsl) c->d.DestroyDescriptorSetLayout(c->dev, k->dsl, NULL);
	if (k->module) c->d.DestroyShaderModule(c->dev, k->module, NULL);
	free(k);
}

rg_kernel *rg_kernel_new(rg_ctx *c, const uint32_t *spv, size_t len, int nbufs, char *err) {
	if (nbufs < 1 || nbufs > RG_STEP_BUFS) {
		snprintf(err, RG_ERRLEN, "a kernel has 1 to %d buffers, not %d", RG_STEP_BUFS, nbufs);
		return NULL;
	}
	rg_kernel *k = calloc(1, sizeof *k);
	k->nbufs = nbufs;
	VkResult r;
	VkShaderModuleCreateInfo smi = {VK_STRUCTURE_TYPE_SHADER_MODULE_CREATE_INFO};
	smi.codeSize = len;
	smi.pCode = spv;
	if ((r = c->d.CreateShaderModule(c->dev, &smi, NULL, &k->module)) != VK_SUCCESS) goto fail;
	VkDescriptorSetLayoutBinding b[RG_STEP_BUFS];
	memset(b, 0, sizeof b);
	for (int i = 0; i < nbufs; i++) {
		b[i].binding = (uint32_t)i;
		b[i].descriptorType = VK_DESCRIPTOR_TYPE_STORAGE_BUFFER;
		b[i].descriptorCount = 1;
		b[i].stageFlags = VK_SHADER_STAGE_COMPUTE_BIT;
	}
	VkDescriptorSetLayoutCreateInfo dli = {VK_STRUCTURE_TYPE_DESCRIPTOR_SET_LAYOUT_CREATE_INFO};
	dli.bindingCount = (uint32_t)nbufs;
	dli.pBindings = b;
	if ((r = c->d.CreateDescriptorSetLayout(c->dev, &dli, NULL, &k->dsl)) != VK_SUCCESS) goto fail;
	VkPushConstantRange pr = {VK_SHADER_STAGE_COMPUTE_BIT, 0, RG_PUSH};
	VkPipelineLayoutCreateInfo pli = {VK_STRUCTURE_TYPE_PIPELINE_LAYOUT_CREATE_INFO};
	pli.setLayoutCount = 1;
	pli.pSetLayouts = &k->dsl;
	pli.pushConstantRangeCount = 1;
	pli.pPushConstantRanges = &pr;
	if ((r = c->d.CreatePipelineLayout(c->dev, &pli, NULL, &k->layout)) != VK_SUCCESS) goto fail;
	VkComputePipelineCreateInfo cpi = {VK_STRUCTURE_TYPE_COMPUTE_PIPELINE_CREATE_INFO};
	cpi.stage.sType = VK_STRUCTURE_TYPE_PIPELINE_SHADER_STAGE_CREATE_INFO;
	cpi.stage.stage = VK_SHADER_STAGE_COMPUTE_BIT;
	cpi.stage.module = k->module;
	cpi.stage.pName = "main";
	cpi.layout = k->layout;
	if ((r = c->d.CreateComputePipelines(c->dev, VK_NULL_HANDLE, 1, &cpi, NULL, &k->pipeline)) != VK_SUCCESS) goto fail;
	return k;
fail:
	snprintf(err, RG_ERRLEN, "setting up a compute kernel on %s: %s (%d)", c->name, vkstr(r), r);
	rg_kernel_free(c, k);
	return NULL;
}

rg_mem *rg_mem_new(rg_ctx *c, size_t size, char *err) {
	rg_mem *m = calloc(1, sizeof *m);
	if (make_buffer(c, &m->b, size, VK_BUFFER_USAGE_STORAGE_BUFFER_BIT | VK_BUFFER_USAGE_TRANSFER_DST_BIT | VK_BUFFER_USAGE_TRANSFER_SRC_BIT, 0, err)) {
		free(m);
		return NULL;
	}
	return m;
}

void rg_mem_free(rg_ctx *c, rg_mem *m) {
	if (!m) return;
	c->d.DeviceWaitIdle(c->dev);
	free_buffer(c, &m->b);
	free(m);
}

int rg_mem_write(rg_ctx *c, rg_mem *m, const void *data, size_t size, char *err) {
	if (size > m->b.size) return ERR("writing %zu bytes to a %zu-byte buffer", size, m->b.size);
	if (staging(c, size, err)) return -1;
	memcpy(c->staging.map, data, size);
	begin(c);
	VkBufferCopy cp = {0, 0, size};
	c->d.CmdCopyBuffer(c->cmd, c->staging.buf, m->b.buf, 1, &cp);
	barrier(c);
	c->d.EndCommandBuffer(c->cmd);
	return submit_wait(c, err);
}

int rg_mem_read(rg_ctx *c, rg_mem *m, void *out, size_t size, char *err) {
	if (size > m->b.size) return ERR("reading %zu bytes of a %zu-byte buffer", size, m->b.size);
	if (staging(c, size, err)) return -1;
	begin(c);
	VkBufferCopy cp = {0, 0, size};
	c->d.CmdCopyBuffer(c->cmd, m->b.buf, c->staging.buf, 1, &cp);
	barrier(c);
	c->d.EndCommandBuffer(c->cmd);
	if (submit_wait(c, err)) return -1;
	memcpy(out, c->staging.map, size);
	return 0;
}

int rg_run(rg_ctx *c, const rg_step *steps, int n, char *err) {
	if (n <= 0) return 0;
	VkResult r;
	if (c->runpool_sets < n) {
		if (c->runpool) c->d.DestroyDescriptorPool(c->dev, c->runpool, NULL);
		c->runpool = VK_NULL_HANDLE;
		c->runpool_sets = 0;
		int sets = n < 64 ? 64 : n;
		VkDescriptorPoolSize ps = {VK_DESCRIPTOR_TYPE_STORAGE_BUFFER, (uint32_t)(sets * RG_STEP_BUFS)};
		VkDescriptorPoolCreateInfo dpi = {VK_STRUCTURE_TYPE_DESCRIPTOR_POOL_CREATE_INFO};
		dpi.maxSets = (uint32_t)sets;
		dpi.poolSizeCount = 1;
		dpi.pPoolSizes = &ps;
		if ((r = c->d.CreateDescriptorPool(c->dev, &dpi, NULL, &c->runpool)) != VK_SUCCESS)
			return ERR("creating a descriptor pool: %s (%d)", vkstr(r), r);
		c->runpool_sets = sets;
	} else {
		c->d.ResetDescriptorPool(c->dev, c->runpool, 0);
	}
	VkDescriptorSet *sets = calloc((size_t)n, sizeof *sets);
	for (int i = 0; i < n; i++) {
		const rg_step *s = &steps[i];
		VkDescriptorSetAllocateInfo dsi = {VK_STRUCTURE_TYPE_DESCRIPTOR_SET_ALLOCATE_INFO};
		dsi.descriptorPool = c->runpool;
		dsi.descriptorSetCount = 1;
		dsi.pSetLayouts = &s->k->dsl;
		if ((r = c->d.AllocateDescriptorSets(c->dev, &dsi, &sets[i])) != VK_SUCCESS) {
			free(sets);
			return ERR("allocating descriptor set %d: %s (%d)", i, vkstr(r), r);
		}
		VkDescriptorBufferInfo info[RG_STEP_BUFS];
		VkWriteDescriptorSet w[RG_STEP_BUFS];
		memset(w, 0, sizeof w);
		for (int b = 0; b < s->k->nbufs; b++) {
			if (!s->bufs[b]) {
				free(sets);
				return ERR("step %d: buffer %d is missing", i, b);
			}
			info[b] = (VkDescriptorBufferInfo){s->bufs[b]->b.buf, 0, VK_WHOLE_SIZE};
			w[b].sType = VK_STRUCTURE_TYPE_WRITE_DESCRIPTOR_SET;
			w[b].dstSet = sets[i];
			w[b].dstBinding = (uint32_t)b;
			w[b].descriptorCount = 1;
			w[b].descriptorType = VK_DESCRIPTOR_TYPE_STORAGE_BUFFER;
			w[b].pBufferInfo = &info[b];
		}
		c->d.UpdateDescriptorSets(c->dev, (uint32_t)s->k->nbufs, w, 0, NULL);
	}
	begin(c);
	for (int i = 0; i < n; i++) {
		const rg_step *s = &steps[i];
		c->d.CmdBindPipeline(c->cmd, VK_PIPELINE_BIND_POINT_COMPUTE, s->k->pipeline);
		c->d.CmdBindDescriptorSets(c->cmd, VK_PIPELINE_BIND_POINT_COMPUTE, s->k->layout, 0, 1, &sets[i], 0, NULL);
		c->d.CmdPushConstants(c->cmd, s->k->layout, VK_SHADER_STAGE_COMPUTE_BIT, 0, RG_PUSH, s->push);
		c->d.CmdDispatch(c->cmd, s->gx, s->gy, s->gz);
		barrier(c);
	}
	c->d.EndCommandBuffer(c->cmd);
	free(sets);
	return submit_wait(c, err);
}

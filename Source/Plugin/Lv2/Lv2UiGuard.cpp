// The LV2 UI refuses to drive a DSP instance of another copy of DMX In.
//
// When two DMX In LV2 bundles are installed (a user and a system copy, or two versions), they
// share the plugin's URI. A host built on lilv takes the plugin from one bundle and may take the
// UI binary from the other, and hands the UI the DSP instance by raw pointer (instance-access).
// JUCE's LV2 UI then runs a second copy of JUCE that no instance ever initialised or shuts down:
// its timer thread is never stopped, and when the host unloads that copy the thread runs on in
// unmapped code and the host crashes. It also puts one copy's components inside the other's
// and reads the DSP object with another build's layout.
//
// JUCE's own lv2ui_descriptor is renamed at compile time (see cmake/Plugin.cmake) and exported
// through this one, whose instantiate first checks that the DSP instance was made by this very
// binary. A DSP object's first word is its vtable pointer, which lies in the binary that built it:
// dladdr() says which file that is. Another copy's instance gets no UI (the host shows its generic
// controls) and a line on stderr naming both files. Some hosts (JUCE 7.0.5's LV2 host among them)
// go on calling the UI's functions and extensions with the null handle they got: every entry point
// exported here ignores a null handle instead of passing it to JUCE.
//
// Threads: whatever thread the host instantiates UIs on (its UI thread).

#undef lv2ui_descriptor

#include <lv2/instance-access/instance-access.h>
#include <lv2/options/options.h>
#include <lv2/ui/ui.h>

#include <dlfcn.h>

#include <cstdio>
#include <cstring>

extern "C" const LV2UI_Descriptor* dmxin_juce_lv2ui_descriptor(uint32_t index);

namespace {

const LV2UI_Descriptor* jucesDescriptor() { return dmxin_juce_lv2ui_descriptor(0); }

const void* instanceAccess(const LV2_Feature* const* features) {
    for (auto* f = features; f != nullptr && *f != nullptr; ++f)
        if (std::strcmp((*f)->URI, LV2_INSTANCE_ACCESS_URI) == 0)
            return (*f)->data;
    return nullptr;
}

// The file of the shared object that contains `address`, or nullptr.
const char* objectFileOf(const void* address, const void** base) {
    Dl_info info{};
    if (address == nullptr || ::dladdr(address, &info) == 0)
        return nullptr;
    *base = info.dli_fbase;
    return info.dli_fname;
}

LV2UI_Handle instantiate(const LV2UI_Descriptor* descriptor, const char* pluginUri, const char* bundlePath,
                         LV2UI_Write_Function write, LV2UI_Controller controller, LV2UI_Widget* widget,
                         const LV2_Feature* const* features) {
    if (const void* dsp = instanceAccess(features)) {
        const void* vtable = *static_cast<const void* const*>(dsp);
        const void *ourBase = nullptr, *theirBase = nullptr;
        const char* ours = objectFileOf(reinterpret_cast<const void*>(&jucesDescriptor), &ourBase);
        const char* theirs = objectFileOf(vtable, &theirBase);
        if (ours != nullptr && theirs != nullptr && ourBase != theirBase) {
            std::fprintf(stderr,
                         "DMX In: the editor in %s cannot open the plugin loaded from %s: two copies of DMX In are "
                         "installed (remove one of them); the host shows its generic controls instead\n",
                         ours, theirs);
            return nullptr;
        }
    }
    return jucesDescriptor()->instantiate(descriptor, pluginUri, bundlePath, write, controller, widget, features);
}

void cleanup(LV2UI_Handle ui) {
    if (ui != nullptr)
        jucesDescriptor()->cleanup(ui);
}

void portEvent(LV2UI_Handle ui, uint32_t port, uint32_t size, uint32_t format, const void* buffer) {
    if (ui != nullptr)
        jucesDescriptor()->port_event(ui, port, size, format, buffer);
}

template <typename Extension>
const Extension* jucesExtension(const char* uri) {
    return static_cast<const Extension*>(jucesDescriptor()->extension_data(uri));
}

int resize(LV2UI_Feature_Handle ui, int width, int height) {
    const auto* juce = jucesExtension<LV2UI_Resize>(LV2_UI__resize);
    return ui != nullptr && juce != nullptr ? juce->ui_resize(ui, width, height) : 1;
}

int idle(LV2UI_Handle ui) {
    const auto* juce = jucesExtension<LV2UI_Idle_Interface>(LV2_UI__idleInterface);
    return ui != nullptr && juce != nullptr ? juce->idle(ui) : 1;   // non-zero: the UI is closed
}

uint32_t getOptions(LV2_Handle ui, LV2_Options_Option* options) {
    const auto* juce = jucesExtension<LV2_Options_Interface>(LV2_OPTIONS__interface);
    return ui != nullptr && juce != nullptr ? juce->get(ui, options) : LV2_OPTIONS_ERR_UNKNOWN;
}

uint32_t setOptions(LV2_Handle ui, const LV2_Options_Option* options) {
    const auto* juce = jucesExtension<LV2_Options_Interface>(LV2_OPTIONS__interface);
    return ui != nullptr && juce != nullptr ? juce->set(ui, options) : LV2_OPTIONS_ERR_UNKNOWN;
}

// JUCE's extensions, with the functions that take the UI handle replaced by the null-safe ones.
const void* extensionData(const char* uri) {
    static const LV2UI_Resize resizeExtension{nullptr, resize};
    static const LV2UI_Idle_Interface idleExtension{idle};
    static const LV2_Options_Interface optionsExtension{getOptions, setOptions};
    const void* juce = jucesDescriptor()->extension_data(uri);
    if (juce == nullptr)
        return nullptr;
    if (std::strcmp(uri, LV2_UI__resize) == 0)
        return &resizeExtension;
    if (std::strcmp(uri, LV2_UI__idleInterface) == 0)
        return &idleExtension;
    if (std::strcmp(uri, LV2_OPTIONS__interface) == 0)
        return &optionsExtension;
    return juce;   // markers without functions (noUserResize)
}

} // namespace

extern "C" LV2_SYMBOL_EXPORT const LV2UI_Descriptor* lv2ui_descriptor(uint32_t index) {
    const LV2UI_Descriptor* juce = dmxin_juce_lv2ui_descriptor(index);
    if (juce == nullptr)
        return nullptr;
    static const LV2UI_Descriptor guarded{juce->URI, instantiate, cleanup, portEvent, extensionData};
    return &guarded;
}

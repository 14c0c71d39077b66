package io.neo4jrestore.plugin;

import java.lang.reflect.Constructor;
import picocli.CommandLine;

/**
 * How picocli makes the commands: one whose constructor takes a {@link PluginContext} gets this
 * command line's; everything else (mixins, argument groups, picocli's own help command) is made by
 * picocli's default factory. Commands so need no way back to the root command for their context.
 */
final class CommandFactory implements CommandLine.IFactory {
  private final PluginContext context;

  CommandFactory(PluginContext context) {
    this.context = context;
  }

  @Override
  public <K> K create(Class<K> cls) throws Exception {
    for (Constructor<?> c : cls.getDeclaredConstructors()) {
      if (c.getParameterCount() == 1 && c.getParameterTypes()[0] == PluginContext.class) {
        return cls.cast(c.newInstance(context));
      }
    }
    return CommandLine.defaultFactory().create(cls);
  }
}

package io.labelatlas.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** A small flag parser: {@code --name value}, {@code --name=value}, repeated {@code --set}, and positionals. */
final class Arguments {
  final List<String> positionals = new ArrayList<>();
  final List<String> sets = new ArrayList<>();
  final java.util.Map<String, String> flags = new java.util.LinkedHashMap<>();
  boolean help;

  static Arguments parse(String[] args, Set<String> valueFlags, String command) {
    Arguments parsed = new Arguments();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.equals("--help") || arg.equals("-h")) {
        parsed.help = true;
        continue;
      }
      if (!arg.startsWith("--")) {
        parsed.positionals.add(arg);
        continue;
      }
      String name = arg.substring(2);
      String value = null;
      int eq = name.indexOf('=');
      if (eq >= 0) {
        value = name.substring(eq + 1);
        name = name.substring(0, eq);
      }
      if (!name.equals("set") && !valueFlags.contains(name)) {
        throw new UsageException(command + ": unknown option --" + name + " (see '" + command + " --help')");
      }
      if (value == null) {
        if (i + 1 >= args.length) throw new UsageException(command + ": option --" + name + " needs a value");
        value = args[++i];
      }
      if (name.equals("set")) {
        parsed.sets.add(value);
      } else {
        parsed.flags.put(name, value);
      }
    }
    return parsed;
  }

  int intFlag(String name, int fallback, int min) {
    String value = flags.get(name);
    if (value == null) return fallback;
    try {
      int parsed = Integer.parseInt(value.trim());
      if (parsed < min) throw new NumberFormatException();
      return parsed;
    } catch (NumberFormatException e) {
      throw new UsageException("--" + name + " = '" + value + "' is not a whole number >= " + min);
    }
  }
}

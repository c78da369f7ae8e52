#include <iostream>

#include "cli/commands.h"

int main(int argc, char** argv) {
  std::ios::sync_with_stdio(false);
  return citedex::cli::run_cli(argc, argv, std::cout, std::cerr);
}

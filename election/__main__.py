from election.cli import main

main()
